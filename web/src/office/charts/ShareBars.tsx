/**
 * A share-of-total breakdown (the outcome mix) as labelled horizontal bars: each row says
 * its count and its share in words beside the bar, so nothing is only a length or a colour.
 */
export function ShareBars(props: {
  rows: Array<{ label: string; value: number }>;
  title: string;
  empty: string;
  valueText: (p: { n: number; pct: string }) => string;
}) {
  const total = props.rows.reduce((s, r) => s + r.value, 0);
  if (total === 0) {
    return (
      <p className="office-empty" data-testid="outcome-empty">
        {props.empty}
      </p>
    );
  }
  return (
    <table className="office-table office-share" aria-label={props.title}>
      <tbody>
        {props.rows.map((r) => {
          const share = r.value / total;
          return (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="office-share-bar">
                <div style={{ width: `${Math.max(share * 100, 1)}%` }} />
              </td>
              <td className="num" data-testid="share-value">
                {props.valueText({ n: r.value, pct: `${(share * 100).toFixed(1)}%` })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
