// Title: Deadline months
// 中文: 每个月到期的任务数，其中相对给定日期已逾期的有多少；另计长期/持续推进的任务。
// English: How many tasks fall due in each month, how many of them are overdue relative to a given date, and how many are ongoing.
// Columns: month, tasks, overdue, ongoing, plans
// Parameters:
//   city   城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   plan   方案 plan: its id, title or source file name; null = every plan
//   as_of  (string) 参照日期 ISO date ("2021-09-30"): tasks due before it are overdue; null = none is overdue
// Notes: the same due date as `deadlines` (the task's, else the earliest of its annexed-table
//   rows), read from Task.due, which is set at load time. Ongoing tasks without a date are counted under month "ongoing"; an ongoing task with
//   a date is counted in its month and in the ongoing column, and is never overdue.
// Sorted by month ("ongoing" last).
// Paste first in Neo4j Browser:
// :param city => null
// :param plan => null
// :param as_of => null
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.source ENDS WITH $plan)
WITH p, t, t.due AS due, coalesce(t.ongoing, false) AS ongoing
WHERE due IS NOT NULL OR ongoing
WITH CASE WHEN due IS NULL THEN 'ongoing' ELSE substring(due, 0, 7) END AS month, p, t,
     ($as_of IS NOT NULL AND due IS NOT NULL AND due < $as_of AND NOT ongoing) AS late, ongoing
RETURN month, count(t) AS tasks, count(CASE WHEN late THEN t END) AS overdue, count(CASE WHEN ongoing THEN t END) AS ongoing, count(DISTINCT p) AS plans
ORDER BY CASE WHEN month = 'ongoing' THEN 1 ELSE 0 END, month
