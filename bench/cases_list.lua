-- wrk script: GET /api/v1/cases with a random mix of the filters a dispatcher uses.
local states = {"reported", "accepted", "registered", "dispatched", "handling", "closed"}
local streets = {"410104001000", "410104003000", "410104004000", "410104005000", "410104006000",
                 "410104007000", "410104008000", "410104010000", "410104011000", "410104202000"}
local queries = {"%E5%9E%83%E5%9C%BE", "%E4%B9%B1%E5%81%9C%E6%94%BE", "%E7%9B%B2%E9%81%93", "%E5%8D%A0%E9%81%93"}

function request()
  local r = math.random(4)
  local path
  if r == 1 then
    path = "/api/v1/cases?state=" .. states[math.random(#states)]
  elseif r == 2 then
    path = "/api/v1/cases?street=" .. streets[math.random(#streets)] .. "&state=" .. states[math.random(#states)]
  elseif r == 3 then
    path = "/api/v1/cases?q=" .. queries[math.random(#queries)] .. "&limit=20"
  else
    path = "/api/v1/cases?limit=50"
  end
  return wrk.format("GET", path, wrk.headers)
end
