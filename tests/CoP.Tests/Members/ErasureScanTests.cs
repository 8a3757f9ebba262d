using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Tests.EmailEvents;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// Erasure against the whole store: a member who did everything the service offers is erased, then every table,
/// container and queue of the app is read back for their id, address, address hash, name and organisation. Only the
/// places the retention table (shared/Privacy/RETENTION.md) names may still hold the id, and nothing may hold the rest.
/// </summary>
public sealed class ErasureScanTests(StorageFixture storage)
{
    private const string Email = "wanjiru.kamau@example.org";
    private const string Name = "Amina Diallo";
    private const string Organization = "Soil Institute";

    /// <summary>Where the member id may stay after erasure, and why (RETENTION.md).</summary>
    private static readonly string[] MayKeepTheMemberId =
    [
        "ConsentLedger", // the proof of consent and of its withdrawal, without IP hashes: kept as the law requires
        "MailDeliveries", // a registration's mail id is its member id; the row holds no address and goes after 30 days
    ];

    [Fact]
    public async Task AnErasedMemberLeavesNothingOutsideTheRetentionTableAndCountsNoMoreInOpenPolls()
    {
        using var signer = new SendGridSigner();
        // The app's clock starts a little before the real time and the test moves it by minutes: storage checks the
        // upload URLs and server-side copies the app signs against its own, real clock.
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (app, time) = Newsletter.NewsletterTestFlows.CreateApp(storage, settings: new Dictionary<string, string?> { ["EmailEvents:PublicKey"] = signer.PublicKey }, now: now);
        await using var _ = app;

        // Registered and confirmed, with the newsletter.
        var (member, accountToken) = await ConfirmedMemberAsync(app, Email);
        Assert.Equal(Name, member.Name);
        time.Advance(TimeSpan.FromMinutes(1));

        // Voted in a poll that stays open and in one that closes.
        var definition = Polls.PollTestFlows.Definition(change: d => d["closesAt"] = now.AddDays(7));
        var open = await Polls.PollTestFlows.PollAsync(app, definition);
        var closed = await Polls.PollTestFlows.PollAsync(app, definition);
        Assert.Equal(200, (await Polls.PollTestFlows.VoteAsync(app, open, Polls.PollTestFlows.VoteToken(app, member.MemberId, open), "a")).Status);
        Assert.Equal(200, (await Polls.PollTestFlows.VoteAsync(app, closed, Polls.PollTestFlows.VoteToken(app, member.MemberId, closed), "b")).Status);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await Polls.PollTestFlows.CloseAsync(app, closed)).Status);
        Assert.Equal(1, (await Polls.PollTestFlows.ResultsAsync(app, closed)).Json().GetProperty("ballots").GetInt32());

        // Uploaded a document that was published and one that was rejected (a PNG declared as a PDF: kept in rejected/).
        var (published, _) = await UploadAndIngestAsync(app, accountToken, "soil-carbon.pdf", "application/pdf", Documents.SampleFiles.Pdf("Erasure scan"));
        var (rejected, _) = await UploadAndIngestAsync(app, accountToken, "soil-carbon.pdf", "application/pdf", Documents.SampleFiles.Png());
        Assert.Equal(DocumentStatus.Published, (await DocumentAsync(app, published.DocumentId)).DocumentStatus);
        Assert.Equal(DocumentStatus.Rejected, (await DocumentAsync(app, rejected.DocumentId)).DocumentStatus);
        Assert.NotEmpty(await BlobNamesAsync(app, "rejected"));

        // Received a newsletter (which lists the document and the open poll) and has email events.
        var sent = await Newsletter.NewsletterTestFlows.SendNowAsync(app);
        Assert.Equal("sent", sent.Json().GetProperty("state").GetString());
        var bounce = EmailEventTestFlows.Event("bounce", member.MemberId, Email, type: "blocked");
        bounce["timestamp"] = time.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds();
        var events = await EmailEventTestFlows.PostAsync(app, EmailEventTestFlows.Body(bounce), signer, time.GetUtcNow());
        Assert.Equal(1, events.Count("applied"));
        await app.DeliverQueuedMailAsync(Ct);

        // Everything is there before the erase: the scan finds what it looks for.
        var before = await ScanAsync(app, member);
        Assert.Contains(before, hit => hit.Place.StartsWith("table Members", StringComparison.Ordinal));
        Assert.Contains(before, hit => hit.Place.StartsWith("table EmailEvents", StringComparison.Ordinal));
        Assert.Contains(before, hit => hit.Place.StartsWith("table NewsletterDeliveries", StringComparison.Ordinal));
        Assert.Contains(before, hit => hit.Place.StartsWith("table Documents", StringComparison.Ordinal));

        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(System.Net.IPAddress.Parse("203.0.113.9"), "api"), Ct));
        await app.DeliverQueuedMailAsync(Ct);

        var after = await ScanAsync(app, member);
        Assert.All(after, hit => Assert.True(
            hit.What == "member id" && MayKeepTheMemberId.Any(table => hit.Place.StartsWith($"table {table} ", StringComparison.Ordinal)),
            $"{hit.What} left in {hit.Place}"));
        Assert.Contains(after, hit => hit.Place.StartsWith("table ConsentLedger", StringComparison.Ordinal));

        // The published document stays as community content; the rejected one is gone with its file.
        Assert.Equal(DocumentStatus.Published, (await DocumentAsync(app, published.DocumentId)).DocumentStatus);
        Assert.Null(await app.Get<DocumentStore>().GetAsync(rejected.DocumentId, Ct));
        Assert.Empty(await BlobNamesAsync(app, "rejected"));

        // The same person registers again: their old ballot no longer counts, and they may not vote in the open poll.
        time.Advance(TimeSpan.FromMinutes(1));
        var (again, _) = await ConfirmedMemberAsync(app, Email);
        Assert.NotEqual(member.MemberId, again.MemberId);
        var refused = await Polls.PollTestFlows.VoteAsync(app, open, Polls.PollTestFlows.VoteToken(app, again.MemberId, open), "a");
        Assert.Equal(403, refused.Status);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await Polls.PollTestFlows.ResultsAsync(app, open)).Json().GetProperty("ballots").GetInt32());
        Assert.Equal(1, (await Polls.PollTestFlows.ResultsAsync(app, closed)).Json().GetProperty("ballots").GetInt32());
    }

    private sealed record Hit(string What, string Place);

    /// <summary>Every place in this app's tables, blobs (names, metadata, content) and queue messages that holds one of the member's values.</summary>
    private static async Task<List<Hit>> ScanAsync(TestApp app, MemberEntity member)
    {
        var wanted = new Dictionary<string, string>
        {
            ["member id"] = member.MemberId,
            ["address"] = member.Email,
            ["address hash"] = member.EmailKey,
            ["name"] = member.Name,
            ["organisation"] = member.Organization!,
        };
        var hits = new List<Hit>();
        void Look(string text, string place) =>
            hits.AddRange(wanted.Where(w => text.Contains(w.Value, StringComparison.OrdinalIgnoreCase)).Select(w => new Hit(w.Key, place)));

        var tables = new TableServiceClient(app.ConnectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: Ct))
        {
            if (table.Name.StartsWith(app.Prefix, StringComparison.Ordinal))
            {
                await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: Ct))
                {
                    Look(JsonSerializer.Serialize(row), $"table {table.Name[app.Prefix.Length..]} {row.PartitionKey}/{row.RowKey}");
                }
            }
        }

        var blobs = new BlobServiceClient(app.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: app.Prefix, cancellationToken: Ct))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata }, Ct))
            {
                var place = $"blob {container.Name}/{blob.Name}";
                Look(blob.Name + " " + string.Join(' ', blob.Metadata.Select(m => $"{m.Key}={Uri.UnescapeDataString(m.Value)}")), place);
                Look(Encoding.UTF8.GetString((await client.GetBlobClient(blob.Name).DownloadContentAsync(Ct)).Value.Content.ToArray()), place);
            }
        }

        var queues = new QueueServiceClient(app.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: app.Prefix, cancellationToken: Ct))
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32, Ct)).Value)
            {
                var text = message.Body.ToString();
                try
                {
                    text += " " + Encoding.UTF8.GetString(Convert.FromBase64String(text));
                }
                catch (FormatException)
                {
                    // Not base64: the text as it is.
                }

                Look(text, $"queue {queue.Name} {message.MessageId}");
            }
        }

        return hits;
    }
}
