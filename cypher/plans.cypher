// Title: Plans
// 中文: 库中的方案一览：编号、标题、城市、发布地区、年份、任务数和来源文件；编号可用于其他查询和视图的 plan 参数。
// English: The plans in the store: id (what the other queries' plan parameter and `graphkit viz plan --plan` take), title, city, jurisdiction, year, tasks and source file.
// Columns: plan, title, city, jurisdiction, year, tasks, source
// Parameters:
//   city   城市 city: Plan.city ("常州市"; "常州" also matches) or a district's name; null = every city
//   year   (int) 年份 only plans of this year; null = every year
//   limit  (int) at most this many plans; raise it (e.g. 1000000) for all
// Notes: tasks is the plan's task count from its load-time summary (Plan.task_count). Plans
//   with no city or year sort first.
// Sorted by city, year, plan.
// Paste first in Neo4j Browser:
// :param city => null
// :param year => null
// :param limit => 1000
MATCH (p:Plan)
WHERE ($city IS NULL OR p.city = $city OR p.city = $city + '市' OR p.jurisdiction = $city)
  AND ($year IS NULL OR p.year = $year)
RETURN p.id AS plan, p.title AS title, p.city AS city, p.jurisdiction AS jurisdiction, p.year AS year,
       coalesce(p.task_count, 0) AS tasks, p.source AS source
ORDER BY coalesce(city, ''), coalesce(year, 0), plan
LIMIT $limit
