import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { isOpen, type YearMonth } from './report-month.ts';

/** A month picker that offers only months whose reports have opened. */
export function MonthPicker({
  value,
  onChange,
  testId,
}: {
  value: YearMonth;
  onChange: (value: YearMonth) => void;
  testId?: string;
}) {
  return (
    <DatePicker
      picker="month"
      allowClear={false}
      format="YYYY-MM"
      value={dayjs(new Date(value.year, value.month - 1, 1))}
      disabledDate={(day: Dayjs) => !isOpen({ year: day.year(), month: day.month() + 1 })}
      onChange={(day: Dayjs | null) => day && onChange({ year: day.year(), month: day.month() + 1 })}
      data-testid={testId}
      style={{ width: 130 }}
    />
  );
}
