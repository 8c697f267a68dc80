import type Redis from 'ioredis';
import type { MappingConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import { mappingOverridesSchema, NO_OVERRIDES, overlayMapping, type MappingOverrides } from '../sync/mapping-overlay';
import type { KeySpace } from './keys';

/** The admin page's mapping overrides: one JSON value under `<prefix>mapping:overrides`, announced on `<prefix>mapping:changed`. */
export class RedisMappingOverrides {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  get channel(): string {
    return this.keys.key('mapping', 'changed');
  }

  async load(): Promise<MappingOverrides> {
    const raw = await this.redis.get(this.keys.key('mapping', 'overrides'));
    if (raw === null) return NO_OVERRIDES;
    return mappingOverridesSchema.parse(JSON.parse(raw));
  }

  /** Saves and tells every instance to reload. */
  async save(overrides: MappingOverrides): Promise<void> {
    await this.redis.set(this.keys.key('mapping', 'overrides'), JSON.stringify(mappingOverridesSchema.parse(overrides)));
    await this.redis.publish(this.channel, String(Date.now()));
  }
}

/**
 * The effective mapping of this process, kept current through Redis pub/sub; it reloads on every
 * (re)connection too, so a message missed while disconnected is not lost.
 */
export class LiveMapping {
  private effective: MappingConfig;
  private subscriber?: Redis;

  constructor(
    private readonly config: MappingConfig,
    private readonly overrides: RedisMappingOverrides,
    private readonly logger: Logger,
  ) {
    this.effective = config;
  }

  get current(): MappingConfig {
    return this.effective;
  }

  async refresh(): Promise<MappingConfig> {
    this.effective = overlayMapping(this.config, await this.overrides.load());
    return this.effective;
  }

  /** Subscribes on a connection of its own (a subscribed connection can do nothing else). */
  async start(subscriber: Redis): Promise<void> {
    this.subscriber = subscriber;
    const reload = () =>
      this.refresh().catch((err: unknown) => this.logger.error('mapping overrides not reloaded; keeping the previous mapping', { error: err }));
    subscriber.on('message', (channel: string) => {
      if (channel === this.overrides.channel) void reload();
    });
    subscriber.on('ready', () => void reload());
    await subscriber.subscribe(this.overrides.channel);
    await this.refresh();
  }

  async close(): Promise<void> {
    await this.subscriber?.quit();
  }
}
