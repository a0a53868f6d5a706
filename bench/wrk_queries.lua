-- @file bench/wrk_queries.lua
-- @brief wrk script: cycles through a file of request paths (already URL-encoded), prints a JSON summary.
--
-- Usage: wrk -t T -c C -d 10s --latency -s wrk_queries.lua http://127.0.0.1:PORT -- PATHS_FILE
-- PATHS_FILE holds one request path a line (/api/search?q=...), written by latency.py.
-- Each wrk thread starts at a different place in the list so that threads do not ask the
-- same query at the same moment. done() prints one line "WRKJSON {...}" (times in microseconds).

local thread_count = 0

function setup(thread)
  thread:set("thread_id", thread_count)
  thread_count = thread_count + 1
end

local paths = {}
local next_index = 1

function init(args)
  local file = args[1]
  if file == nil then
    error("wrk_queries.lua: give the paths file after --")
  end
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("wrk_queries.lua: no request paths in " .. file)
  end
  local id = tonumber(thread_id) or 0
  next_index = ((id * 17) % #paths) + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors_connect": %d, ' ..
    '"errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
