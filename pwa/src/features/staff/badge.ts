// The number on the School navigation entry: people waiting to be let in plus open reports, the two
// things that wait on the staff. Refreshed with every query (a mutation, a push, back online).
import { useQuery } from "../../api/hooks";
import { StaffCountsDocument } from "../../gql/graphql";
import { mayUse } from "../../state/access";
import { currentMembership } from "../../state/me";

export function useStaffCounts() {
  const communityId = currentMembership.value?.communityId ?? "";
  return useQuery(StaffCountsDocument, { id: communityId }, { skip: !communityId || !mayUse("staff") });
}

export function useStaffBadge(): number {
  const community = useStaffCounts().data?.community;
  return (community?.pendingMemberCount ?? 0) + (community?.openReportCount ?? 0);
}
