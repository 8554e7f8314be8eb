// Lints Cypher with Neo4j's own linter (@neo4j-cypher/language-support).
// Input (stdin): JSON {"schema": {labels, relationshipTypes, propertyKeys},
//                      "queries": [{"name", "query", "parameters": {name: example value}}]}.
// Output (stdout): JSON [{"name", "diagnostics": [{"severity": "error"|"warning"|..., "message", "line", "column"}]}].
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { schema = {}, queries = [] } = JSON.parse(input);

const results = queries.map(({ name, query, parameters = {} }) => {
  const querySchema = { ...schema, parameters };
  const { diagnostics } = lintCypherQuery(query, querySchema, { consoleCommandsEnabled: false });
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
});
process.stdout.write(JSON.stringify(results));
