export const ROLES = ['admin', 'city', 'county', 'department', 'owner', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  city: '市级指挥部',
  county: '县（市、区）',
  department: '市级部门',
  owner: '建设单位',
  leader: '领导',
};
