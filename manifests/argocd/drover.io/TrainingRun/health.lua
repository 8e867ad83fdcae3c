-- Argo CD health of a Drover TrainingRun (drover.io/TrainingRun).
-- Trusts only conditions the operator wrote for the current spec (observedGeneration).
local hs = {}

local function current(obj)
  local found = {}
  if obj.status == nil or obj.status.conditions == nil then
    return found
  end
  local generation = obj.metadata.generation
  for _, c in ipairs(obj.status.conditions) do
    local observed = c.observedGeneration or obj.status.observedGeneration
    if generation == nil or observed == generation then
      found[c.type] = c
    end
  end
  return found
end

local function say(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

local conditions = current(obj)
local ready, stalled = conditions["Ready"], conditions["Stalled"]
if next(conditions) == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator"
elseif stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = say(stalled, "training failed")
elseif ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = say(ready, "training succeeded")
else
  hs.status = "Progressing"
  hs.message = say(conditions["Reconciling"], say(ready, "training in progress"))
end
return hs
