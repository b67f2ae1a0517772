-- Posts enforcement checks for accounts that are not protected, each a different account.
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"account": "@someone-%d-%d", "contentId": "post-%d", "action": "removal"}', math.random(1, 1000000000), counter, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("HIMAYA_BENCH_KEY")}, body)
end
