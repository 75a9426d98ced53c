import type { ReactNode } from 'react';
import { AmountFigure, FigureGrid } from '../../components/Figures';

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
      <AmountFigure
        id={`${idPrefix}-balance`}
        label={labels.balance}
        value={position.balance}
        currency={position.currency}
      />
      <AmountFigure
        id={`${idPrefix}-committed`}
        label={labels.committed}
        value={position.committed}
        currency={position.currency}
      />
      <AmountFigure
        id={`${idPrefix}-available`}
        label={labels.available}
        value={position.available}
        currency={position.currency}
      />
      {children}
    </FigureGrid>
  );
}
