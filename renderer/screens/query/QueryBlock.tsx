import type { QueryBlockView } from '../../../src/bridge/contract.js';

/** One block of an answer: label/value pairs, a table, questions and answers, or a text. */
export function QueryBlock({ block, index }: { block: QueryBlockView; index: number }) {
  const headingId = `query-block-${index}`;
  const heading =
    'heading' in block && block.heading ? (
      <h2 id={headingId} className="query-block__heading">
        {block.heading}
      </h2>
    ) : null;
  switch (block.kind) {
    case 'pairs':
      return (
        <section className="query-block" aria-labelledby={heading ? headingId : undefined}>
          {heading}
          <dl className="query-pairs">
            {block.pairs.map((pair, i) => (
              <div key={i} className="query-pairs__row">
                <dt>{pair.label}</dt>
                <dd>{pair.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      );
    case 'table':
      return (
        <section className="query-block" aria-labelledby={heading ? headingId : undefined}>
          {heading}
          <table className="query-table">
            <thead>
              <tr>
                {block.columns.map((column, i) => (
                  <th key={i} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      );
    case 'questions':
      return (
        <section className="query-block" aria-labelledby={heading ? headingId : undefined}>
          {heading}
          <dl className="query-questions">
            {block.items.map((item, i) => (
              <div key={i} className="query-questions__item">
                <dt>{item.question}</dt>
                <dd>{item.answer}</dd>
              </div>
            ))}
          </dl>
        </section>
      );
    case 'text':
      return <p className="body-text query-block">{block.text}</p>;
  }
}
