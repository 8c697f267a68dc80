#!/usr/bin/perl
# Provisions the test RT for TicketBridge (run by setup-rt.sh as www-data): the queues named as arguments (one per
# test file, so a bridge under test in one file never writes on another file's tickets), the bridge's custom fields
# applied to each, the bridge user with exactly the rights it needs on each and one token, and a staff user
# (SuperUser, one token) that the tests use to act as a technician. Idempotent: prints what it changed; prints
# RT_TOKEN=/RT_STAFF_TOKEN= lines only when it (re)creates the tokens. REST2 cannot create tokens, rights or
# custom-field bindings, hence Perl.
use strict;
use warnings;
use lib '/usr/local/share/request-tracker5/lib', '/usr/share/request-tracker5/lib';
use RT;
RT::LoadConfig();
RT::Init();

my @queue_names = @ARGV or die "usage: provision-rt.pl QUEUE...\n";
my $bridge_name = $ENV{RT_BRIDGE_USER} || 'ticketbridge';
my $staff_name  = $ENV{RT_STAFF_USER}  || 'tb-staff';
my $keep_tokens = ($ENV{KEEP_TOKENS} || '') eq '1';
my @cf_names = ('Dolibarr Ref', 'Dolibarr Contract', 'Dolibarr Duration', 'Dolibarr Quote');
# What the bridge does: read tickets, history and comments; reply/comment; change status and its custom fields.
my @queue_rights = qw(SeeQueue ShowTicket ShowTicketComments CreateTicket ModifyTicket ReplyToTicket CommentOnTicket);
my @cf_rights    = qw(SeeCustomField ModifyCustomField);

my $system = RT->SystemUser;
sub check { my ($ok, $msg) = @_; die "$msg\n" unless $ok; return $ok }
sub changed { print "$_[0]\n" }

my @queues;
for my $name (@queue_names) {
    my $queue = RT::Queue->new($system);
    $queue->Load($name);
    unless ($queue->id) {
        check($queue->Create(Name => $name, Description => 'TicketBridge tests', Lifecycle => 'default'));
        changed("created queue $name");
    }
    push @queues, $queue;
}

my @cfs;
for my $name (@cf_names) {
    my $cf = RT::CustomField->new($system);
    $cf->LoadByName(Name => $name, LookupType => RT::Ticket->CustomFieldLookupType);
    unless ($cf->id) {
        check($cf->Create(Name => $name, Type => 'Freeform', MaxValues => 1,
            LookupType => RT::Ticket->CustomFieldLookupType, Description => "TicketBridge: $name"));
        changed("created custom field $name");
    }
    for my $queue (@queues) {
        next if $cf->IsAdded($queue->id);
        check($cf->AddToObject($queue));
        changed("applied custom field $name to " . $queue->Name);
    }
    push @cfs, $cf;
}

sub ensure_user {
    my ($name) = @_;
    my $user = RT::User->new($system);
    $user->Load($name);
    unless ($user->id) {
        check($user->Create(Name => $name, EmailAddress => "$name\@ticketbridge.test",
            RealName => "TicketBridge test $name", Privileged => 1));
        changed("created user $name");
    }
    # TicketSQL date literals are read in the API user's time zone.
    if (($user->Timezone || '') ne 'UTC') {
        check($user->SetTimezone('UTC'));
        changed("set time zone of $name to UTC");
    }
    return $user;
}

sub grant {
    my ($user, $right, $object, $label) = @_;
    return if $user->PrincipalObj->HasRight(Right => $right, Object => $object);
    check($user->PrincipalObj->GrantRight(Right => $right, Object => $object));
    changed("granted $right on $label to " . $user->Name);
}

my $bridge = ensure_user($bridge_name);
for my $queue (@queues) { grant($bridge, $_, $queue, 'queue ' . $queue->Name) for @queue_rights }
for my $cf (@cfs) { grant($bridge, $_, $cf, 'custom field ' . $cf->Name) for @cf_rights }

my $staff = ensure_user($staff_name);
grant($staff, 'SuperUser', RT->System, 'the system');

# Exactly one token per user: RT tries each of a user's tokens with bcrypt on every request.
sub fresh_token {
    my ($user, $var) = @_;
    my $tokens = RT::AuthTokens->new($system);
    $tokens->LimitOwner(VALUE => $user->id);
    while (my $old = $tokens->Next) { check($old->Delete) }
    my ($id, $msg, $string) = RT::AuthToken->new($system)->Create(Owner => $user->id, Description => 'TicketBridge tests');
    check($id, $msg);
    changed("created a token for " . $user->Name);
    print "$var=$string\n";
}
unless ($keep_tokens) {
    fresh_token($bridge, 'RT_TOKEN');
    fresh_token($staff, 'RT_STAFF_TOKEN');
}
