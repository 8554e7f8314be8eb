// Title: Lead concentration
// 中文: 每份方案中牵头任务最多的3个部门覆盖了多少比例的任务，以及有多少任务没有任何牵头单位。
// English: Per plan, the share of its tasks led by its three busiest lead agencies, and how many tasks have no lead at all.
// Columns: plan, jurisdiction, title, tasks, no_lead, top3, top3_tasks, top3_share
// Parameters:
//   city  城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   plan  方案 plan: its id, title or source file name; null = every plan
// Notes: "led" includes leading a row of the task's annexed table (Part) and section-level leads
//   inherited by the task. top3 lists the three agencies leading most tasks ("name (n)"; ties
//   broken by name); top3_tasks counts the tasks led by at least one of them and
//   top3_share = top3_tasks / tasks, rounded to 3 places. Plans without tasks are not listed.
//   Reads the plan's lead summary (Plan.task_count, no_lead, lead_top3, lead_top3_tasks),
//   computed from its LEADS relationships when the plan is loaded.
// Sorted by top3_share desc, plan.
// Paste first in Neo4j Browser:
// :param city => null
// :param plan => null
MATCH (p:Plan)
WHERE p.task_count > 0
  AND ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
RETURN p.id AS plan, p.jurisdiction AS jurisdiction, p.title AS title, p.task_count AS tasks,
       p.no_lead AS no_lead, p.lead_top3 AS top3, p.lead_top3_tasks AS top3_tasks,
       round(1000.0 * p.lead_top3_tasks / p.task_count) / 1000.0 AS top3_share
ORDER BY top3_share DESC, plan
