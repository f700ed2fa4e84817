-- wrk script: POST a JSON body read from a file, count non-2xx answers, and print a JSON summary.
--   wrk -t2 -c16 -d20s --latency -s bench/post.lua http://127.0.0.1:PORT/api/v1/recommendations -- bench/requests/standard.json
-- done() prints one line "WRK_JSON {...}": requests/s, latency percentiles in ms, and errors (non-2xx answers,
-- socket errors: connect, read, write, timeout).

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    local path = args[1] or "bench/requests/standard.json"
    local file = assert(io.open(path, "rb"))
    local body = file:read("*a")
    file:close()
    wrk.method = "POST"
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
    non2xx = 0
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
end

function done(summary, latency, requests)
    local non2xx_total = 0
    for _, thread in ipairs(threads) do
        non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
    end
    local e = summary.errors
    local socket = e.connect + e.read + e.write + e.timeout
    local seconds = summary.duration / 1e6
    local ms = function(us) return us / 1000.0 end
    io.write(string.format(
        'WRK_JSON {"requests":%d,"duration_s":%.3f,"requests_per_s":%.1f,"bytes":%d,' ..
        '"latency_ms":{"mean":%.3f,"stdev":%.3f,"max":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"p99_9":%.3f},' ..
        '"errors":{"non2xx":%d,"status_over_399":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"socket":%d,"total":%d}}\n',
        summary.requests, seconds, summary.requests / seconds, summary.bytes,
        ms(latency.mean), ms(latency.stdev), ms(latency.max),
        ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency:percentile(99.9)),
        non2xx_total, e.status, e.connect, e.read, e.write, e.timeout, socket, non2xx_total + socket))
end
