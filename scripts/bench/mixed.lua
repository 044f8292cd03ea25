-- wrk script for `make bench`'s load figures. BENCH_MIX=mixed: 8 lists, 1 create, 1 patch in 10;
-- BENCH_MIX=list: lists only (the floor server answers nothing else). Prints one JSON line.
local token = os.getenv("BENCH_TOKEN")
local writer_token = os.getenv("BENCH_WRITER_TOKEN") or token
local mix = os.getenv("BENCH_MIX") or "list"
local jobs = {}
for id in string.gmatch(os.getenv("BENCH_JOB_IDS") or "", "%d+") do
  jobs[#jobs + 1] = id
end
local n = 0
local list_headers = { ["Authorization"] = "Bearer " .. token }
local patch_headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local create_headers = { ["Authorization"] = "Bearer " .. writer_token, ["Content-Type"] = "application/json" }

request = function()
  n = n + 1
  local slot = n % 10
  if mix == "mixed" and slot == 1 then
    return wrk.format("POST", "/api/tracked", create_headers, '{"company":"Load","title":"Engineer"}')
  elseif mix == "mixed" and slot == 2 then
    local id = jobs[(n % #jobs) + 1]
    return wrk.format("PATCH", "/api/tracked/" .. id, patch_headers, '{"notes":{"salary":"' .. n .. 'k"}}')
  end
  return wrk.format("GET", "/api/tracked?limit=50", list_headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-WRK {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"status_errors":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
