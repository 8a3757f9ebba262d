using CoP.Shared.Members;

namespace CoP.Shared.EmailEvents;

/// <summary>
/// The member's rows of <c>EmailEvents</c> (section <c>emailEvents</c>): what SendGrid reported about mail to them
/// (bounces, drops, spam reports, unsubscribes, newsletter deliveries) and the lifts of their suppression. The rows
/// hold no address and no reason text. Erasing deletes them all: the member row they served goes too.
/// </summary>
public sealed class EmailEventMemberData(EmailEventStore events) : IMemberDataHolder
{
    public string Section => "emailEvents";

    public async Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var rows = new List<EmailEventRecord>();
        await foreach (var row in events.ListAsync(member.MemberId, cancellationToken: cancellationToken))
        {
            rows.Add(new EmailEventRecord(row.Event, row.Effect, row.OccurredAt, row.ReceivedAt, row.AppliedAt, row.LiftedAt));
        }

        return rows.OrderBy(r => r.ReceivedAt).ToList();
    }

    public Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return events.DeleteAllAsync(member.MemberId, cancellationToken);
    }
}

/// <summary>One row as the member's export shows it.</summary>
public sealed record EmailEventRecord(
    string Event, string Effect, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, DateTimeOffset? AppliedAt, DateTimeOffset? LiftedAt);
