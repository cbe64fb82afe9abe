/** Funding sources named by the policy's structural indicators (民间项目投资 etc.). */
export const FUNDING_SOURCES = ['government', 'soe', 'private', 'foreign', 'ppp'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const FUNDING_LABELS: Record<FundingSource, string> = {
  government: '政府',
  soe: '国企',
  private: '民间',
  foreign: '外资',
  ppp: 'PPP',
};

export function fundingFromLabel(label: string): FundingSource | undefined {
  const text = label.trim();
  const aliases: Record<string, FundingSource> = {
    政府投资: 'government',
    国有: 'soe',
    国有企业: 'soe',
    民营: 'private',
    民间投资: 'private',
    外商: 'foreign',
    外商投资: 'foreign',
    ppp: 'ppp',
  };
  return (
    (Object.entries(FUNDING_LABELS).find(([, name]) => name === text)?.[0] as FundingSource | undefined) ??
    aliases[text] ??
    aliases[text.toLowerCase()]
  );
}
