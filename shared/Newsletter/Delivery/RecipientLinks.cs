using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// A member as a recipient of a member edition: their address, and their unsubscribe, profile and vote links (of the
/// member's current link generation) keyed by the markers of that edition's slots. Batches and the preview use it.
/// </summary>
public sealed class RecipientLinks(MemberMailer links)
{
    public NewsletterRecipient For(NewsletterSlots slots, string memberId, int generation, string email)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var unsubscribe = links.UnsubscribeLink(memberId, generation);
        var substitutions = slots.Fill(unsubscribe, links.ProfileLink(memberId, generation), pollId => links.PollLink(memberId, generation, pollId));
        return new NewsletterRecipient(memberId, new Email.EmailAddress(email), unsubscribe, substitutions);
    }

    /// <summary>A pending batch as the transport sends it: the edition's body and markers, and every recipient with their own links.</summary>
    public NewsletterBatch Batch(PendingBatch pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var slots = pending.Edition.Slots;
        return new NewsletterBatch(
            pending.IssueId,
            pending.Plan.BatchId,
            pending.Edition.Email,
            [.. pending.Plan.Recipients.Select(r => For(slots, r.MemberId, r.Generation, r.Email))]);
    }
}
