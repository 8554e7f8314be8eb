// Title: Plan overview
// 中文: 一份方案的概况：按章节列出任务数、牵头单位、涉及的改革和有完成时限的任务数。
// English: One plan at a glance: per top-level section, its tasks, lead agencies, reforms and dated deadlines.
// Columns: plan, jurisdiction, section, tasks, no_lead, leads, reforms, dated
// Parameters:
//   plan   方案 plan: its id, title or source file name (e.g. "quzhou-2022-implementation-plan.txt");
//          null = the first plans by id (see limit)
//   limit  (int) at most this many plans, in id order
// Notes: without a plan this shows the first `limit` plans by id — the first rows of the full
//   list, which is slow to build on a large store. section is the task's outermost heading
//   ("一、营造更省心的企业投资环境"); tasks outside any heading are grouped under "". leads
//   lists the agencies leading most of the section's tasks ("name (n)", at most 5); reforms the reforms its tasks target, most frequent first
//   (at most 8); dated counts tasks with a dated deadline.
//   A plan whose district and city are unknown is named by its title where a jurisdiction is shown.
// Sorted by plan, then sections in document order.
// Paste first in Neo4j Browser:
// :param plan => null
// :param limit => 10
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
WITH p, count(t) AS plan_tasks
ORDER BY p.id
LIMIT $limit
MATCH (p)-[:HAS_TASK]->(t:Task)
OPTIONAL MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS]-(a:Agency)
WITH p, coalesce(head(t.section), '') AS section, a, count(DISTINCT t) AS n
ORDER BY n DESC, a.name, a.id
WITH p, section, collect(CASE WHEN a IS NULL THEN NULL ELSE a.name + ' (' + toString(n) + ')' END)[0..5] AS leads,
     collect(CASE WHEN a IS NULL THEN n ELSE NULL END) AS unled
MATCH (p)-[:HAS_TASK]->(t:Task)
WHERE coalesce(head(t.section), '') = section
WITH p, section, leads, coalesce(head(unled), 0) AS no_lead, count(t) AS tasks, min(t.span[0]) AS start,
     count(t.deadline_date) AS dated
MATCH (p)-[:HAS_TASK]->(t:Task)
WHERE coalesce(head(t.section), '') = section
OPTIONAL MATCH (t)-[e:TARGETS]->(rf:Reform)
WITH p, section, leads, no_lead, tasks, start, dated, rf, count(e) AS n
ORDER BY n DESC, rf.name
WITH p, section, leads, no_lead, tasks, start, dated, collect(rf.name)[0..8] AS reforms
RETURN p.id AS plan, coalesce(p.jurisdiction, p.city, p.title) AS jurisdiction, section, tasks, no_lead,
       leads, reforms, dated
ORDER BY plan, start
