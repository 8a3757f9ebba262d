using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CoP.Shared.Polls;
using CoP.Shared.Privacy;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>
/// Ballot rows are keyed with <c>Privacy__BallotKey</c>, hold only what counting needs, and polls that were running
/// before the ballot key existed keep their hash-key scheme, so their voters still replace their ballot.
/// </summary>
public sealed class BallotKeyTests(StorageFixture storage)
{
    [Fact]
    public async Task ABallotRowIsKeyedWithTheBallotKeyAndHoldsOnlyTheChoicesAndTheCastTime()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, token) = await MemberAsync(app);

        Assert.Equal(200, (await VoteAsync(app, pollId, token, "b")).Status);

        var row = Assert.Single(await BallotRowsAsync(app, pollId));
        Assert.Equal(Hmac(TestSettings.BallotKey, $"ballot\n{pollId}\n{memberId}"), row.RowKey);
        Assert.NotEqual(app.Get<Pseudonymizer>().Hash("ballot", $"{pollId}:{memberId}", 16), row.RowKey);
        Assert.Equal(["CastAt", "Choices"], row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order());
        Assert.DoesNotContain(memberId, string.Join("|", row.Select(p => p.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberWhoVotesAgainInAPollOfTheHashKeySchemeReplacesTheirBallot()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        await MakeLegacyAsync(app, pollId);
        var (memberId, token) = await MemberAsync(app);
        var (_, other) = await MemberAsync(app);
        // The member's ballot as the app wrote it before the ballot key existed.
        var legacyKey = app.Get<Pseudonymizer>().Hash("ballot", $"{pollId}:{memberId}", 16);
        await app.Get<PollStore>().UpsertBallotAsync(pollId, legacyKey, ["a"], Start, Ct);

        Assert.Equal(200, (await VoteAsync(app, pollId, token, "c")).Status);
        Assert.Equal(200, (await VoteAsync(app, pollId, other, "c")).Status);

        var results = await ResultsAsync(app, pollId);
        Assert.Equal(2, results.Json().GetProperty("ballots").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 2 }, Votes(results));
        Assert.Contains(legacyKey, (await BallotRowsAsync(app, pollId)).Select(r => r.RowKey));
        var poll = (await GetAsync(app, pollId)).Json();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, poll.GetProperty("eligibleConfirmedBefore").ValueKind);
    }

    [Fact]
    public async Task APollCreatedNextToARunningHashKeyPollUsesTheBallotKey()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var legacy = await PollAsync(app, Definition());
        await MakeLegacyAsync(app, legacy);
        var current = await PollAsync(app, Definition());
        var (memberId, token) = await MemberAsync(app);

        Assert.Equal(200, (await VoteAsync(app, legacy, token, "a")).Status);
        Assert.Equal(200, (await VoteAsync(app, current, token, "a")).Status);

        Assert.Equal(app.Get<Pseudonymizer>().Hash("ballot", $"{legacy}:{memberId}", 16), Assert.Single(await BallotRowsAsync(app, legacy)).RowKey);
        Assert.Equal(Hmac(TestSettings.BallotKey, $"ballot\n{current}\n{memberId}"), Assert.Single(await BallotRowsAsync(app, current)).RowKey);
    }

    [Fact]
    public async Task APollRowWithAnUnknownBallotKeySchemeIsACorruptedRowNotAGuess()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var polls = app.Table("Polls");
        var row = (await polls.GetEntityAsync<TableEntity>(PollEntity.Partition, pollId, cancellationToken: Ct)).Value;
        row["BallotKeys"] = "rot13";
        await polls.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Get<PollService>().GetAsync(pollId, Ct));
    }

    /// <summary>Rewrites a poll's row as the app stored polls before the ballot key and eligibility existed.</summary>
    internal static async Task MakeLegacyAsync(TestApp app, string pollId)
    {
        var polls = app.Table("Polls");
        var row = (await polls.GetEntityAsync<TableEntity>(PollEntity.Partition, pollId, cancellationToken: Ct)).Value;
        Assert.True(row.Remove("BallotKeys"));
        Assert.True(row.Remove("EligibleConfirmedBefore"));
        await polls.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, Ct);
    }

    internal static async Task<List<TableEntity>> BallotRowsAsync(TestApp app, string pollId)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in app.Table("Ballots").QueryAsync<TableEntity>(e => e.PartitionKey == pollId, cancellationToken: Ct))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No ballot was ever written: the table does not exist yet.
        }

        return rows;
    }

    private static string Hmac(string base64Key, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
