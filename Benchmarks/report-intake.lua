-- wrk script: partner reports through POST /api/v1/reports, each about its own post, spread over
-- 500 target accounts, so some join open cases as real duplicates would.
local counter = 0

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("HIMAYA_BENCH_KEY")
end

function request()
  counter = counter + 1
  local id = tostring(math.random(1, 1000000000)) .. "-" .. counter
  local body = '{"category":"harassment","country":"SN","reporterLanguage":"fr",'
    .. '"narrative":"Des comptes publient des insultes et des menaces contre une journaliste, rapport ' .. id .. '",'
    .. '"targetAccount":"@bench' .. (counter % 500) .. '",'
    .. '"contentReferences":["https://platform.example/p/' .. id .. '"],'
    .. '"consent":{"contact":"through_partner"}}'
  return wrk.format(nil, nil, nil, body)
end
