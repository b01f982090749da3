-- The request mix of scripts/soak, for wrk: each connection takes the next request of the list
-- in turn. SOAK_TOKEN is a session token the server's CLERK_JWT_KEY verifies, SOAK_UAT the
-- __client_uat that goes with it, SOAK_STATIC the stylesheet's (hashed) path. wrk counts
-- 2xx/3xx as success; 5xx are counted here.

local token = os.getenv("SOAK_TOKEN")
local uat = os.getenv("SOAK_UAT")
local static = os.getenv("SOAK_STATIC")
local page = { ["Accept"] = "text/html", ["Sec-Fetch-Dest"] = "document" }

local function with(extra)
  local headers = {}
  for k, v in pairs(page) do headers[k] = v end
  for k, v in pairs(extra) do headers[k] = v end
  return headers
end

-- About 300 cookies a browser would never send.
local many = {}
for i = 1, 300 do many[#many + 1] = "c" .. i .. "=v" end

-- { what, method, path, headers }, weighted by repetition.
local mix = {
  -- Signed in: a server-rendered page that reads the user, and the JSON API with a Bearer token.
  { "signed-in page", "GET", "/dashboard", with({ Cookie = "__session=" .. token .. "; __client_uat=" .. uat }) },
  { "signed-in page", "GET", "/dashboard", with({ Cookie = "__session=" .. token .. "; __client_uat=" .. uat }) },
  { "signed-in API", "GET", "/api/me", { Authorization = "Bearer " .. token, Accept = "application/json" } },
  -- Signed out: the home page, and a protected page (302 to sign-in).
  { "signed-out page", "GET", "/", page },
  { "signed-out protected", "GET", "/dashboard", page },
  -- Handshake: __client_uat says signed in, no session cookie: 307 to the Frontend API.
  { "handshake", "GET", "/dashboard", with({ Cookie = "__client_uat=1700000000" }) },
  { "handshake", "GET", "/", with({ Cookie = "__client_uat=1700000000; __clerk_redirect_count=1" }) },
  -- Garbage: broken tokens, a crafted nonce, hostile cookies and paths, and a static file.
  { "garbage", "GET", "/dashboard", with({ Cookie = "__session=not.a.jwt; __client_uat=abc%zz" }) },
  { "garbage", "GET", "/api/me", { Authorization = "Bearer eyJhbGciOiJub25lIn0.e30.", Accept = "*/*" } },
  { "garbage", "GET", "/dashboard?__clerk_handshake_nonce=%00%ff..", page },
  { "garbage", "GET", "/", with({ Cookie = table.concat(many, "; ") }) },
  { "garbage", "GET", "/%2e%2e/%2e%2e/etc/passwd", page },
  { "garbage", "GET", "/?__clerk_redirect_url=https%3A%2F%2Fevil.example", page },
  { "static", "GET", static, { ["Accept-Encoding"] = "gzip" } },
}

local requests = {}
for i, r in ipairs(mix) do requests[i] = wrk.format(r[2], r[3], r[4]) end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init()
  counter = id * 7
  server_errors = 0
end

function request()
  counter = counter + 1
  return requests[counter % #requests + 1]
end

function response(status)
  if status >= 500 then server_errors = server_errors + 1 end
end

-- One line scripts/soak reads: totals, wrk's socket errors, and the 5xx counted above.
function done(summary)
  local s5xx = 0
  for _, thread in ipairs(threads) do s5xx = s5xx + thread:get("server_errors") end
  local e = summary.errors
  io.write(string.format(
    "SOAK requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d non_2xx_3xx=%d server_errors=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status, s5xx))
end
