-- wrk script: POST /api/v1/cases, each a durable intake (locate, number, event, row, search
-- index) at a random point of the district's built-up centre (all inside the district).
local categories = {"06010", "06011", "06012", "06013", "06036", "09001", "09006", "09009", "07001", "08002"}
local descriptions = {"暴露垃圾未及时清运", "积存垃圾渣土", "道路不洁", "道路破损坑洼", "乱堆杂物占道",
                      "无照经营游商", "占道经营", "机动车乱停放占用盲道", "非法小广告", "施工占道未围挡"}
local counter = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  counter = counter + 1
  local i = math.random(#categories)
  local body = string.format(
    '{"kind":"event","category_code":"%s","description":"%s（%d）","location":{"lon":%.6f,"lat":%.6f},' ..
    '"address":"管城区测试地址%d号","source":"hotline"}',
    categories[i], descriptions[i], counter, 113.70 + math.random() * 0.06, 34.70 + math.random() * 0.03, counter)
  return wrk.format("POST", "/api/v1/cases", wrk.headers, body)
end
