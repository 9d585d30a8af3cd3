-- wrk script: POST /api/v1/users with a unique username per request (thread id + counter), so
-- that every request is one durable write through the group-commit writer.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"username":"b%d_%d_%d","display_name":"压测","password":"bench-pass-1",' ..
    '"roles":[{"role":"grid_worker","scope":"410104"}]}',
    thread_id, os.time(), counter)
  return wrk.format("POST", "/api/v1/users", wrk.headers, body)
end
