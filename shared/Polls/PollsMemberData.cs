using CoP.Shared.Members;

namespace CoP.Shared.Polls;

/// <summary>
/// A member's ballots (section <c>ballots</c>). Ballot rows name no member: this holder finds the member's row in a
/// poll by recomputing its key from the member id (<see cref="BallotKeys"/>). Export: the poll, its question and the
/// member's choices, for every open poll they voted in. Erase, in open polls: deletes those ballots, so that a person
/// who erases and registers again (a new member id, and a new confirmation time that the poll's eligibility rule
/// weighs) is never counted twice. In closed polls, whose results are final, the ballot keeps counting but moves to a
/// random row key (<see cref="PollStore.UnlinkBallotAsync"/>): afterwards not even the ballot key with the member id
/// (which the consent ledger keeps) leads to it. Every step is idempotent.
/// </summary>
public sealed class PollsMemberData(PollStore store, BallotKeys ballotKeys, PollResultsCache counts, TimeProvider time) : IMemberDataHolder
{
    public string Section => "ballots";

    public async Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var ballots = new List<MemberBallot>();
        foreach (var poll in await OpenPollsAsync(cancellationToken))
        {
            if (await store.GetBallotAsync(poll.PollId, ballotKeys.For(poll, member.MemberId), cancellationToken) is { } choices)
            {
                ballots.Add(new MemberBallot(poll.PollId, poll.Question, choices));
            }
        }

        return ballots;
    }

    public async Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var now = time.GetUtcNow();
        foreach (var poll in await store.ListAllAsync(cancellationToken))
        {
            var key = ballotKeys.For(poll, member.MemberId);
            switch (poll.StateAt(now))
            {
                case PollState.Open:
                    await store.DeleteBallotAsync(poll.PollId, key, cancellationToken);
                    counts.Invalidate(poll.PollId);
                    break;
                case PollState.Closed:
                    await store.UnlinkBallotAsync(poll.PollId, key, cancellationToken);
                    break;
            }
        }
    }

    // Scheduled polls hold no ballots yet.
    private async Task<IEnumerable<Poll>> OpenPollsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await store.ListClosingAfterAsync(now, cancellationToken)).Where(p => p.StateAt(now) == PollState.Open);
    }
}

/// <summary>A member's ballot in an open poll, as their export shows it: option ids in their order.</summary>
public sealed record MemberBallot(string PollId, string Question, IReadOnlyList<string> Choices);
