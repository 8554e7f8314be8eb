// Title: Deadlines
// 中文: 按完成时限月份列出任务：哪些在给定日期前已到期（逾期）、哪些是长期/持续推进的任务。
// English: Tasks by deadline month: which are overdue relative to a given date, and which are ongoing.
// Columns: month, due, deadline, ongoing, overdue, jurisdiction, plan, task, text, leads
// Parameters:
//   city     城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   plan     方案 plan: its id, title or source file name; null = every plan
//   as_of    (string) 参照日期 ISO date ("2021-09-30"): tasks due before it are overdue; null = none is overdue
//   due_by   (string) 截止日期 ISO date: only tasks due on or before it; null = no upper bound
//   due_from (string) 起始日期 ISO date: only tasks due on or after it; null = no lower bound
//   ongoing  (bool) include ongoing tasks (长期坚持, 持续推进) that have no dated deadline
//   limit    (int) at most this many tasks, the earliest due first; raise it (e.g. 1000000)
//            for the whole list
// Notes: due is the task's deadline as an ISO date (the end of the named period: "2021年6月底前"
//   → 2021-06-30); a task without one takes the earliest deadline of its annexed-table rows
//   (Part) — Task.due, set at load time. Dates are compared as ISO strings, so the query needs no temporal functions.
//   A task is overdue when due < as_of and it is not ongoing. Tasks with neither a date nor
//   an ongoing deadline are not listed; ongoing tasks without a date have month "ongoing".
//   leads lists the agencies leading the task, in name order.
//   A plan whose district and city are unknown is named by its title where a jurisdiction is shown.
// Sorted by due (ongoing last), jurisdiction, then the task's position in its plan.
// Paste first in Neo4j Browser:
// :param city => null
// :param plan => null
// :param as_of => null
// :param due_by => null
// :param due_from => null
// :param ongoing => true
// :param limit => 1000
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
  AND (t.due IS NOT NULL OR (coalesce(t.ongoing, false) AND $ongoing))
  AND ($due_by IS NULL OR (t.due IS NOT NULL AND t.due <= $due_by))
  AND ($due_from IS NULL OR (t.due IS NOT NULL AND t.due >= $due_from))
WITH p, t, t.due AS due, coalesce(t.ongoing, false) AS ongoing,
     coalesce(p.jurisdiction, p.city, p.title, p.id) AS jurisdiction
ORDER BY coalesce(due, '9999-99-99'), jurisdiction, t.span[0], t.id
LIMIT $limit
OPTIONAL MATCH (t)-[:HAS_PART]->(part:Part)
WITH p, t, due, ongoing, jurisdiction, collect(part.deadline) AS part_deadlines
OPTIONAL MATCH (t)-[:HAS_PART*0..1]->(x)<-[r:LEADS]-(a:Agency)
WITH p, t, due, ongoing, jurisdiction, part_deadlines, a
ORDER BY a.name
WITH p, t, due, ongoing, jurisdiction, part_deadlines, collect(DISTINCT a.name) AS leads
RETURN CASE WHEN due IS NULL THEN 'ongoing' ELSE substring(due, 0, 7) END AS month,
       due, coalesce(t.deadline, head(part_deadlines)) AS deadline, ongoing,
       ($as_of IS NOT NULL AND due IS NOT NULL AND due < $as_of AND NOT ongoing) AS overdue,
       jurisdiction, p.id AS plan, t.number AS task, t.text AS text, leads
ORDER BY coalesce(due, '9999-99-99'), jurisdiction, t.span[0], t.id
