-- bench/submit.lua: wrk script for POST /api/v1/requests (bench/submit.sh).
--
-- Every request carries a new, valid body: a one-hour (spread) booking of the
-- command-center room by an applicant, within the opening hours 07:00-18:00
-- Asia/Jakarta (UTC+07:00). The environment chooses the case:
--
--   SUBMIT_CASE=spread   a random day of the coming year (from FIRST_DAY days
--                        ahead, over SPAN_DAYS days) and a random quarter hour
--                        of it, 30 to 75 minutes long: few requests overlap.
--   SUBMIT_CASE=hotspot  every request for the same hour of the same day
--                        (FIRST_DAY days ahead, 09:00-10:00): each one is
--                        accepted with a pending warning naming the others.
--   FIRST_DAY=2 SPAN_DAYS=365
--
-- response() counts the answers by status; done() prints one line,
--   submit: responses N created C other O statuses 201=C,422=...
-- which bench/submit.sh reads: a run with any answer but 201 is refused.

local case = os.getenv("SUBMIT_CASE") or "spread"
local first_day = tonumber(os.getenv("FIRST_DAY") or "2")
local span_days = tonumber(os.getenv("SPAN_DAYS") or "365")
local offset = 7 * 3600 -- Asia/Jakarta has no daylight saving time

-- midnight (office time) of today, as a Unix time
local now = os.time()
local today = now - (now + offset) % 86400

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  -- id is set by setup() before init() runs in the thread
  math.randomseed(os.time() * 1000 + id)
  statuses = {}
  responses = 0
  seq = 0
end

-- stamp formats Unix time t as RFC 3339 in the office zone.
local function stamp(t)
  return os.date("!%Y-%m-%dT%H:%M:%S+07:00", t + offset)
end

-- span returns the start and end of the next request.
local function span()
  if case == "hotspot" then
    local start = today + first_day * 86400 + 9 * 3600
    return start, start + 3600
  end
  local day = today + (first_day + math.random(0, span_days - 1)) * 86400
  local length = math.random(2, 5) * 900                     -- 30 to 75 minutes
  local quarters = math.floor((11 * 3600 - length) / 900)  -- starts that end by 18:00
  local start = day + 7 * 3600 + math.random(0, quarters) * 900
  return start, start + length
end

local template = '{"room":"command-center","title":"Rapat koordinasi %d-%d",' ..
  '"organization":"Dinas Komunikasi dan Informatika","contact_name":"Pemohon %d",' ..
  '"contact_email":"pemohon%d@example.go.id","contact_phone":"0812000%05d",' ..
  '"start":"%s","end":"%s","participants":%d,' ..
  '"equipment":[{"name":"computer","count":1}],"visibility":"%s","language":"id"}'

function request()
  seq = seq + 1
  local s, e = span()
  local visibility = (seq % 2 == 0) and "public" or "private"
  local body = string.format(template, id, seq, id, seq, seq % 100000,
    stamp(s), stamp(e), math.random(5, 40), visibility)
  return wrk.format("POST", "/api/v1/requests", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  responses = responses + 1
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 201 and not sample then
    sample = body:sub(1, 300)
  end
end

function done(summary, latency, requests)
  local total, created, all = 0, 0, {}
  local samples = {}
  for _, t in ipairs(threads) do
    total = total + t:get("responses")
    for status, n in pairs(t:get("statuses")) do
      all[status] = (all[status] or 0) + n
    end
    local s = t:get("sample")
    if s then table.insert(samples, s) end
  end
  local keys = {}
  for status, n in pairs(all) do table.insert(keys, status) end
  table.sort(keys)
  local list = {}
  for _, status in ipairs(keys) do table.insert(list, status .. "=" .. all[status]) end
  created = all[201] or 0
  io.write(string.format("submit: responses %d created %d other %d statuses %s\n",
    total, created, total - created, table.concat(list, ",")))
  for _, s in ipairs(samples) do
    io.write("submit: sample of another answer: " .. s:gsub("\n", " ") .. "\n")
  end
end
