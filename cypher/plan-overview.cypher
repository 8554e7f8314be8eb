// Title: Plan overview
// 中文: 一份方案的概况：按章节列出任务数、牵头单位、涉及的改革和有完成时限的任务数。
// English: One plan at a glance: per top-level section, its tasks, lead agencies, reforms and dated deadlines.
// Columns: plan, jurisdiction, section, tasks, no_lead, leads, reforms, dated
// Parameters:
//   plan  方案 plan: its id, title or source file name (e.g. "quzhou-2022-implementation-plan.txt"); null = every plan
// Notes: section is the task's outermost heading ("一、营造更省心的企业投资环境"); tasks outside
//   any heading are grouped under "". leads lists the agencies leading most of the section's
//   tasks ("name (n)", at most 5); reforms the reforms its tasks target, most frequent first
//   (at most 8); dated counts tasks with a dated deadline.
// Sorted by plan, then sections in document order.
// Paste first in Neo4j Browser:
// :param plan => null
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
WITH p, t, coalesce(head(t.section), '') AS section
OPTIONAL MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS]-(a:Agency)
WITH p, section, t, collect(DISTINCT a) AS leaders
WITH p, section, count(t) AS tasks, min(t.span[0]) AS start,
     count(CASE WHEN size(leaders) = 0 THEN t END) AS no_lead,
     count(t.deadline_date) AS dated,
     collect(t) AS section_tasks
UNWIND section_tasks AS t
OPTIONAL MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS]-(a:Agency)
WITH p, section, tasks, start, no_lead, dated, section_tasks, a, count(DISTINCT t) AS n
ORDER BY n DESC, a.name
WITH p, section, tasks, start, no_lead, dated, section_tasks,
     collect(CASE WHEN a IS NULL THEN NULL ELSE a.name + ' (' + toString(n) + ')' END)[0..5] AS leads
UNWIND section_tasks AS t
OPTIONAL MATCH (t)-[e:TARGETS]->(rf:Reform)
WITH p, section, tasks, start, no_lead, dated, leads, rf, count(e) AS n
ORDER BY n DESC, rf.name
WITH p, section, tasks, start, no_lead, dated, leads, collect(rf.name)[0..8] AS reforms
RETURN p.id AS plan, coalesce(p.jurisdiction, p.city, p.title) AS jurisdiction, section, tasks, no_lead,
       leads, reforms, dated
ORDER BY plan, start
