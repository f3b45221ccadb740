/**
 * The written definition of every alliance metric: the page shows it beside the number and the CLI
 * prints it, so both read the same words. Keys use `*` for the cloud.
 */
export const DEFINITIONS: Readonly<Record<string, string>> = {
  'section.pipeline':
    'Deals closing in the month, by cloud: won deals by their close date, open deals by their expected close date. Amounts in USD at the routing policy’s rate.',
  'pipeline.sourced.*.open':
    'Open deals expected to close this month that a ring-fence attributes to the alliance with this cloud (created inside an active ring-fence window).',
  'pipeline.sourced.*.won': 'Deals won this month that a ring-fence attributes to the alliance with this cloud.',
  'pipeline.influenced.*.open':
    'Open deals expected to close this month that are co-sold with this cloud: shared and accepted by its sellers. A deal can be both sourced and influenced.',
  'pipeline.influenced.*.won': 'Deals won this month that were co-sold with this cloud (accepted, or won through the co-sell).',
  'section.marketplace':
    'Deals won this month, by the route chosen through the app on the day they closed; a route changed after closing does not move a deal.',
  'marketplace.count.*': 'Deals won this month through this cloud’s marketplace.',
  'marketplace.value.*': 'Value of the deals won this month through this cloud’s marketplace, in USD.',
  'marketplace.private': 'Value of marketplace deals won this month as private offers (an empty offer type counts as private, as routing reads it).',
  'marketplace.public': 'Value of marketplace deals won this month at the public listing price.',
  'marketplace.retiredShare':
    'Value of deals won this month through a marketplace route that retired part of the customer’s committed spend, divided by the value of all deals won this month.',
  'section.bypass':
    'Deals won this month for which the routing engine recommends a marketplace, but which closed without a marketplace route: the silent bypass.',
  'bypass.rate': 'Deals won direct where a marketplace was recommended, divided by all deals won this month where a marketplace was recommended.',
  'bypass.count': 'Deals won this month that went direct although the routing engine recommends a marketplace.',
  'bypass.approved': 'Of those, deals with a manager-approved exception in force on the day they closed (an approval invalidated later still counts).',
  'bypass.violations':
    'Of those, deals where going direct needed an approved exception and none was in force on the day they closed (never requested, rejected, withdrawn, invalidated or expired before closing).',
  'bypass.belowThreshold': 'Of those, deals whose recommended route retires less than the policy’s share of the deal, so direct needed no exception.',
  'bypass.undrawn': 'Customer commitment the recommended marketplace route would have retired on the bypassed deals, in USD.',
  'bypass.unverified':
    'Deals won this month whose chosen route or exception was changed outside the app (a hand edit, an import or a workflow) and does not match the app’s own record. They are left out of the marketplace, bypass and exception figures until the app puts its record back.',
  'bypass.feeAvoided': 'Marketplace fee the recommended route would have cost on the bypassed deals, in USD: what an AE on a net plan avoids.',
  'section.exceptions': 'Direct-route exceptions by their audit trail: what was requested and decided in the month.',
  'exceptions.requests': 'Exception requests made this month.',
  'exceptions.approvalRate': 'Final approvals this month divided by final approvals and rejections this month.',
  'exceptions.timeToDecision': 'Median days from a request to its final approval or rejection, for decisions made this month.',
  'exceptions.invalidated': 'Approvals the app invalidated this month because the deal’s facts changed materially.',
  'exceptions.requests.team.*': 'Exception requests made this month on deals owned by this team.',
  'section.cosell': 'Co-sell with the clouds: what the clouds decided this month, and where open deals stand today.',
  'cosell.shared.*': 'Open deals shared with this cloud today (submitted or later, Draft excluded).',
  'cosell.decided.*': 'Deals we shared whose acceptance or rejection by this cloud was recorded this month.',
  'cosell.acceptanceRate.*': 'Accepted divided by decided, for decisions recorded this month.',
  'cosell.daysIn.draft': 'Median days open deals have spent in Draft so far.',
  'cosell.daysIn.submitted': 'Median days open deals have spent in Submitted so far.',
  'cosell.daysIn.in_review': 'Median days open deals have spent In review so far.',
  'cosell.daysIn.action_required': 'Median days open deals have spent in Action required so far.',
  'cosell.daysIn.accepted': 'Median days open deals have spent in Accepted so far.',
  'cosell.stalled': 'Open deals in one co-sell status longer than the policy allows for that status, today.',
  'cosell.zombie': 'Open stage-one deals whose stage has not moved for the policy’s zombie days, today.',
  'section.ringfences': 'Ring-fences on companies at the end of the month (or today, for the current month).',
  'ringfences.active': 'Companies with a ring-fence active on the last day of the month (or today).',
  'ringfences.expiring': 'Of those, ring-fences that end within the policy’s warning days.',
  'ringfences.ended': 'Ring-fences whose window ran out during the month (released ones are not counted).',
  'ringfences.unverified':
    'Companies whose ring-fence was changed outside the app and does not match the app’s own record: left out of the ring-fence figures until the app puts its record back.',
  'ringfences.conflicts':
    'Inbound activity recorded against deals the alliance is attributed (new inbound contacts, form submissions, a marketing deal source).',
  'ringfences.contactsPerAccount':
    'Distinct named hyperscaler contacts (ring-fence evidence and the cloud seller on deals) per company with an active ring-fence: relationship depth.',
};
