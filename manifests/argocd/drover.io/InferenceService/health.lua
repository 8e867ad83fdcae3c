-- Argo CD health of a Drover InferenceService (drover.io/InferenceService).
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
local ready, degraded, progressing = conditions["Ready"], conditions["Degraded"], conditions["Progressing"]
if next(conditions) == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator"
elseif degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = say(degraded, "degraded")
elseif progressing ~= nil and progressing.status == "True" then
  -- A rollout is moving traffic, even while the stable version serves.
  hs.status = "Progressing"
  hs.message = say(progressing, "rolling out")
elseif progressing ~= nil and progressing.reason == "RolloutPaused" then
  hs.status = "Suspended"
  hs.message = say(progressing, "rollout paused")
elseif ready ~= nil and ready.reason == "OutsideWindow" then
  -- Closed by its schedule, as asked: not broken, not coming up by itself before the window.
  hs.status = "Suspended"
  hs.message = say(ready, "outside its active windows")
elseif ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = say(ready, "serving")
else
  hs.status = "Progressing"
  hs.message = say(progressing, say(ready, "rolling out"))
end
return hs
