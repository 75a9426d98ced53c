import type { ReactNode } from 'react';
import { Amount } from '../../components/Amount';
import { Figure, FigureGrid } from '../../components/Figures';

/**
 * The reserve fund's position in key figures: balance, committed and available to approve, in the
 * fund's currency (more figures may follow as children). `idPrefix` names them for the page.
 */
export function ReserveFundFigures({
  position,
  idPrefix,
  labels,
  children,
}: {
  position: { balance: string; committed: string; available: string; currency: string };
  idPrefix: string;
  labels: { balance: string; committed: string; available: string };
  children?: ReactNode;
}) {
  return (
    <FigureGrid>
      <Figure id={`${idPrefix}-balance`} label={labels.balance}>
        <Amount value={position.balance} currency={position.currency} withCode />
      </Figure>
      <Figure id={`${idPrefix}-committed`} label={labels.committed}>
        <Amount value={position.committed} currency={position.currency} withCode />
      </Figure>
      <Figure id={`${idPrefix}-available`} label={labels.available}>
        <Amount value={position.available} currency={position.currency} withCode />
      </Figure>
      {children}
    </FigureGrid>
  );
}
