import { LuaScript } from './lua-script';

/**
 * Redis keeps a small hash in its compact encoding only while every value is at most 64 bytes
 * (`hash-max-listpack-value`); one longer value turns the whole hash into a hashtable, several times bigger, and a key
 * of its own costs ~70 bytes besides its value. So a longer value that belongs with a ticket's small hash is kept in it
 * cut into fields `<name>0`, `<name>1`, … of 64 bytes each. These Lua functions are prepended to the scripts that read
 * or write such a value; a value that is not there reads as ''.
 */
const CHUNK_BYTES = 64;

export const CHUNK_FUNCTIONS = `
local function read_chunks(key, name)
  local parts = {}
  while true do
    local part = redis.call('HGET', key, name .. #parts)
    if not part then break end
    parts[#parts + 1] = part
  end
  return table.concat(parts)
end
local function write_chunks(key, name, value)
  local n = 0
  for pos = 1, #value, ${CHUNK_BYTES} do
    redis.call('HSET', key, name .. n, string.sub(value, pos, pos + ${CHUNK_BYTES - 1}))
    n = n + 1
  end
  while redis.call('HDEL', key, name .. n) == 1 do n = n + 1 end
end
`;

/** The value kept as chunks named ARGV[1] in hash KEYS[1], '' when there is none. */
export const READ_CHUNKS = new LuaScript(`${CHUNK_FUNCTIONS}return read_chunks(KEYS[1], ARGV[1])`);
