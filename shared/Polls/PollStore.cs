using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Polls;

/// <summary>Polls and their anonymous ballots in Table Storage.</summary>
public sealed class PollStore(TableServiceClient tables, StorageNames names)
{
    private const int PageSize = 1000;
    private static readonly string[] BallotColumns = [nameof(BallotEntity.Choices), nameof(BallotEntity.CastAt)];

    private readonly ProvisionedTable _polls = new(tables, names.Polls);
    private readonly ProvisionedTable _ballots = new(tables, names.Ballots);

    public async Task AddAsync(Poll poll, CancellationToken cancellationToken = default)
    {
        var table = await _polls.GetClientAsync(cancellationToken);
        await table.AddEntityAsync(PollEntity.From(poll), cancellationToken);
    }

    public async Task<PollEntity?> GetAsync(string pollId, CancellationToken cancellationToken = default)
    {
        if (!PollRules.IsValidPollId(pollId))
        {
            return null;
        }

        var table = await _polls.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<PollEntity>(PollEntity.Partition, pollId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Polls whose closing time is after <paramref name="closingAfter"/> (an early close only comes sooner).</summary>
    public async Task<IReadOnlyList<Poll>> ListClosingAfterAsync(DateTimeOffset closingAfter, CancellationToken cancellationToken = default)
    {
        var table = await _polls.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<PollEntity>(e => e.PartitionKey == PollEntity.Partition && e.ClosesAt > closingAfter);
        var polls = new List<Poll>();
        await foreach (var row in table.QueryAsync<PollEntity>(filter, cancellationToken: cancellationToken))
        {
            polls.Add(row.ToPoll());
        }

        return polls;
    }

    /// <summary>Replaces a poll read earlier; false when it changed since (ETag).</summary>
    public async Task<bool> TryReplaceAsync(PollEntity poll, CancellationToken cancellationToken = default)
    {
        var table = await _polls.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(poll, cancellationToken);
    }

    /// <summary>Writes a member's ballot, replacing their previous one: the last one counts.</summary>
    public async Task UpsertBallotAsync(string pollId, string ballotKey, IReadOnlyList<string> choices, DateTimeOffset castAt, CancellationToken cancellationToken = default)
    {
        var table = await _ballots.GetClientAsync(cancellationToken);
        var entity = new BallotEntity { PartitionKey = pollId, RowKey = ballotKey, Choices = string.Join(',', choices), CastAt = castAt };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> BallotExistsAsync(string pollId, string ballotKey, CancellationToken cancellationToken = default)
    {
        var table = await _ballots.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<BallotEntity>(pollId, ballotKey, BallotColumns, cancellationToken);
        return row.HasValue;
    }

    /// <summary>The choices of every ballot of a poll cast before <paramref name="castBefore"/>, read page by page.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ReadBallotsAsync(string pollId, DateTimeOffset castBefore, CancellationToken cancellationToken = default)
    {
        var table = await _ballots.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<BallotEntity>(e => e.PartitionKey == pollId);
        var ballots = new List<IReadOnlyList<string>>();
        await foreach (var row in table.QueryAsync<BallotEntity>(filter, PageSize, BallotColumns, cancellationToken))
        {
            // A ballot that raced an early close and landed after it does not count.
            if (row.CastAt < castBefore)
            {
                ballots.Add(row.Choices.Split(',', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return ballots;
    }
}
