-- wrk script for test/bench/hot-paths.sh: one script for both servers and every endpoint, so the
-- bare stack and the product are driven by exactly the same client code.
--   MODE=get        GET the URL given on the command line (wrk builds that request once)
--   MODE=byid       GET PATH_PREFIX .. <id>, ids drawn at random from IDS_FILE (one per line)
--   MODE=post-bare  POST /cases with the raw baseline's ~400-byte body (as its wrk.lua does)
--   MODE=post-case  POST /api/v1/cases: a valid one-victim case, NIK and phone unique per request
-- TOKEN adds "Authorization: Bearer TOKEN" to every request. SEQ_BASE offsets the NIK/phone
-- sequence so that the warm-up and the recorded run of the same endpoint never repeat a number.
-- done() appends one JSON line to RESULT_FILE and prints a WARN on stderr when any request failed
-- (socket errors, timeouts, or an HTTP status >= 400, which is what wrk counts as a status error),
-- so that an error storm never passes for throughput.
local mode = os.getenv("MODE") or "get"
local token = os.getenv("TOKEN")
local seq_base = tonumber(os.getenv("SEQ_BASE") or "0")
local threads_total = tonumber(os.getenv("THREADS") or "2")

-- Headers for requests built by request(); wrk.format() uses a given table *instead of*
-- wrk.headers, so the token must be in both.
local get_headers = {}
local post_headers = { ["Content-Type"] = "application/json" }
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
  get_headers["Authorization"] = "Bearer " .. token
  post_headers["Authorization"] = "Bearer " .. token
end

-- setup() runs in the main Lua state; thread:set() makes `tid` a global in each thread's state.
local started = 0
function setup(thread)
  started = started + 1
  thread:set("tid", started)
end

local ids = {}
local prefix = os.getenv("PATH_PREFIX") or "/cases/"
-- The raw baseline's title, so both servers store the same ~250-character title.
local title = "Laporan dugaan TPPO: pekerja migran direkrut calo dengan janji kerja di restoran, "
  .. "dibawa lewat jalur tidak resmi, ditampung di kompleks penipuan daring, paspor ditahan, "
  .. "gaji tidak dibayar; keluarga melapor ke Disnaker dan BP3MI lewat hotline. No. "
local regions = { "Jawa Timur", "Jawa Tengah", "Jawa Barat", "Nusa Tenggara Barat", "Lampung", "Bali" }
local countries = { "MY", "KH", "SA", "TW", "HK", "MM" }
local situations = { "abroad", "detained", "missing", "hospitalised", "repatriated", "home" }

function init(args)
  math.randomseed(os.time() * 100 + tid)
  if mode == "byid" then
    for line in io.lines(os.getenv("IDS_FILE")) do
      if line ~= "" then ids[#ids + 1] = line end
    end
    if #ids == 0 then error("no ids in " .. tostring(os.getenv("IDS_FILE"))) end
  end
end

local n = 0

-- A valid NIK (district 32.01.01, a birth date, a serial) and an Indonesian mobile number, both
-- unique for sequence number g (below 10,080 * 9,999 and 10^8 respectively).
local function nik(g, feminine)
  local day = 1 + g % 28 + (feminine and 40 or 0)
  local month = 1 + math.floor(g / 28) % 12
  local year = 70 + math.floor(g / 336) % 30
  local serial = 1 + math.floor(g / 10080) % 9999
  return string.format("320101%02d%02d%02d%04d", day, month, year, serial)
end

if mode == "post-bare" then
  request = function()
    n = n + 1
    local body = string.format(
      '{"title":"%s%d-%d","status":"open","priority":%d,"owningAgency":"00000000-0000-4000-8000-%012x",'
        .. '"originRegion":"%s","country":"%s"}',
      title, tid, n, math.random(1, 5), math.random(1, 50),
      regions[math.random(#regions)], countries[math.random(#countries)])
    return wrk.format("POST", "/cases", post_headers, body)
  end
elseif mode == "post-case" then
  request = function()
    n = n + 1
    local g = seq_base + (n - 1) * threads_total + (tid - 1)
    local feminine = g % 2 == 1
    local body = string.format(
      '{"title":"%s%d-%d","summary":"Keluarga melapor lewat hotline; korban menghubungi keluarga dari kompleks.",'
        .. '"incidentType":"trafficking","exploitationTypes":["ForcedCriminality","OnlineScam"],'
        .. '"methodsOfControl":["FalsePromises","WithholdsDocuments"],"recruitmentMethods":["ThroughInformalBroker"],'
        .. '"exploitationCountry":"%s","incidentDate":"2024-05-11","reportedDate":"2024-05-14",'
        .. '"source":"family","tags":["tppo","bench"],'
        .. '"victims":[{"fullName":"Korban %d","gender":"%s","estimatedAge":%d,"nik":"%s","phone":"0813%08d",'
        .. '"originRegionCode":"18.01.06.2027","migrationChannel":"non_procedural",'
        .. '"occupationAbroad":"online scam operator (forced)","currentSituation":"%s",'
        .. '"traffickingStatus":"PossibleVictimOfTrafficking"}]}',
      title, tid, n, countries[math.random(#countries)], g,
      feminine and "Feminine" or "Masculine", 18 + g % 30, nik(g, feminine), g % 100000000,
      situations[math.random(#situations)])
    return wrk.format("POST", "/api/v1/cases", post_headers, body)
  end
elseif mode == "byid" then
  request = function()
    return wrk.format("GET", prefix .. ids[math.random(#ids)], get_headers)
  end
end

-- SMOKE=1 (with -t1 -c1): one request, its status appended to SMOKE_FILE (and the body on stderr
-- when it is not 2xx), then the thread stops. Only then is response() defined: it makes wrk hand
-- every response to Lua, which would slow the recorded runs.
if os.getenv("SMOKE") == "1" then
  function response(status, headers, body)
    local f = io.open(os.getenv("SMOKE_FILE"), "a")
    f:write(status, "\n")
    f:close()
    if status < 200 or status > 299 then
      io.stderr:write(string.format("%s answered %d: %s\n", os.getenv("LABEL") or mode, status, body:sub(1, 600)))
    end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local socket = e.connect + e.read + e.write
  local failed = socket + e.timeout + e.status
  local label = os.getenv("LABEL") or mode
  local seconds = summary.duration / 1e6
  local f = io.open(os.getenv("RESULT_FILE") or "/dev/null", "a")
  f:write(string.format(
    '{"key":"%s","side":"%s","label":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,'
      .. '"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,"bytes":%d,'
      .. '"errors":{"status":%d,"timeout":%d,"socket":%d}}\n',
    os.getenv("KEY") or mode, os.getenv("SIDE") or "", label, summary.requests, seconds,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.bytes, e.status, e.timeout, socket))
  f:close()
  if failed > 0 then
    io.stderr:write(string.format("WARN %s: %d of %d requests failed (HTTP >= 400: %d, timeout %d, socket %d)\n",
      label, failed, summary.requests, e.status, e.timeout, socket))
  end
end
