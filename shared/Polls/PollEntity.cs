using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Polls;

/// <summary>
/// Row of the <c>Polls</c> table. PartitionKey <c>poll</c>, RowKey the poll id: a ballot or a results
/// request is one point read; the listing queries the one partition for polls whose closing time is recent
/// (a community has tens of polls, not thousands). Options are kept as a JSON array in one property.
/// </summary>
public sealed class PollEntity : ITableEntity
{
    public const string Partition = "poll";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Question { get; set; } = "";
    public string? Description { get; set; }
    public string Options { get; set; } = "[]";
    public string Kind { get; set; } = "";
    public int MinChoices { get; set; }
    public int MaxChoices { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public DateTimeOffset? ClosedEarlyAt { get; set; }
    public string Visibility { get; set; } = "";
    public int MinBallots { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Only members confirmed before this may vote; null on polls created before polls had a cut-off.</summary>
    public DateTimeOffset? EligibleConfirmedBefore { get; set; }

    /// <summary>How the poll's ballot rows are keyed (<see cref="BallotKeyScheme"/>); null on polls created before the ballot key.</summary>
    public string? BallotKeys { get; set; }

    public static PollEntity From(Poll poll) => new()
    {
        RowKey = poll.PollId,
        Question = poll.Question,
        Description = poll.Description,
        Options = JsonSerializer.Serialize(poll.Options, JsonSerializerOptions.Web),
        Kind = PollNames.Of(poll.Kind),
        MinChoices = poll.MinChoices,
        MaxChoices = poll.MaxChoices,
        OpensAt = poll.OpensAt,
        ClosesAt = poll.ClosesAt,
        ClosedEarlyAt = poll.ClosedEarlyAt,
        Visibility = PollNames.Of(poll.Visibility),
        MinBallots = poll.MinBallots,
        CreatedAt = poll.CreatedAt,
        EligibleConfirmedBefore = poll.EligibleConfirmedBefore,
        BallotKeys = poll.BallotKeys == BallotKeyScheme.HashKey ? null : BallotKeySchemeName,
    };

    private const string BallotKeySchemeName = "ballot-key";

    public Poll ToPoll()
    {
        // Rows are only written from validated polls; an unreadable value is a corrupted row, not an input error.
        if (!PollNames.TryParseKind(Kind, out var kind) || !PollNames.TryParseVisibility(Visibility, out var visibility)
            || BallotKeys is not (null or BallotKeySchemeName))
        {
            throw new InvalidOperationException($"Poll {RowKey} has an unknown kind, visibility or ballot key scheme.");
        }

        var options = JsonSerializer.Deserialize<List<PollOption>>(Options, JsonSerializerOptions.Web) ?? [];
        return new Poll(
            RowKey, Question, Description, options, kind, MinChoices, MaxChoices, OpensAt, ClosesAt, ClosedEarlyAt, visibility, MinBallots, CreatedAt,
            EligibleConfirmedBefore, BallotKeys is null ? BallotKeyScheme.HashKey : BallotKeyScheme.BallotKey);
    }
}

/// <summary>
/// Row of the <c>Ballots</c> table. PartitionKey the poll id, RowKey a keyed hash of poll and member under the ballot
/// key (<see cref="BallotKeys"/>): a member's next ballot replaces the row, their export and erase find it, yet without
/// the secret key the row does not say whose it is. Results read the poll's one partition.
/// Holds only what counting and the close race need, by design: the choices (option ids in the member's order,
/// comma-separated; ids never contain commas) and the app's time of the cast, which decides whether a ballot that
/// raced an operator's early close counts. No member id, no name, no address, no other time (the table's own
/// Timestamp aside, which storage keeps on every row).
/// </summary>
public sealed class BallotEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Choices { get; set; } = "";
    public DateTimeOffset CastAt { get; set; }
}
