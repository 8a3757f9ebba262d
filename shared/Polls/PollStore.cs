using System.Security.Cryptography;
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

    /// <summary>Every poll, whatever its state (the one partition: tens of polls, not thousands).</summary>
    public async Task<IReadOnlyList<Poll>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var table = await _polls.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<PollEntity>(e => e.PartitionKey == PollEntity.Partition);
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

    public async Task<bool> BallotExistsAsync(string pollId, string ballotKey, CancellationToken cancellationToken = default) =>
        await GetBallotAsync(pollId, ballotKey, cancellationToken) is not null;

    /// <summary>The choices of one ballot, in the member's order; null when there is none.</summary>
    public async Task<IReadOnlyList<string>?> GetBallotAsync(string pollId, string ballotKey, CancellationToken cancellationToken = default)
    {
        var table = await _ballots.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<BallotEntity>(pollId, ballotKey, BallotColumns, cancellationToken);
        return row.HasValue ? row.Value!.Choices.Split(',', StringSplitOptions.RemoveEmptyEntries) : null;
    }

    /// <summary>Deletes one ballot; deleting one that is not there (any more) is no error.</summary>
    public async Task DeleteBallotAsync(string pollId, string ballotKey, CancellationToken cancellationToken = default)
    {
        var table = await _ballots.GetClientAsync(cancellationToken);
        await table.DeleteEntityAsync(pollId, ballotKey, Azure.ETag.All, cancellationToken);
    }

    /// <summary>
    /// Moves one ballot to a random row key, in one transaction (all or nothing), so that it keeps counting as cast but no
    /// key can lead to it again. A ballot that is not there (any more, e.g. moved by a concurrent call) is left alone.
    /// </summary>
    public async Task UnlinkBallotAsync(string pollId, string ballotKey, CancellationToken cancellationToken = default)
    {
        var table = await _ballots.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<BallotEntity>(pollId, ballotKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return;
        }

        var linked = row.Value!;
        var unlinked = new BallotEntity
        {
            PartitionKey = pollId,
            RowKey = RandomNumberGenerator.GetHexString(32, lowercase: true),
            Choices = linked.Choices,
            CastAt = linked.CastAt,
        };
        // False when a concurrent call moved the row first: then it is unlinked already, and this call wrote nothing.
        await table.TrySubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.Add, unlinked), new TableTransactionAction(TableTransactionActionType.Delete, linked, linked.ETag)],
            cancellationToken);
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
