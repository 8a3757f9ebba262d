using System.Diagnostics;
using System.Threading.Channels;
using Azure.Data.Tables;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Polls;
using CoP.Shared.Storage;
using CoP.Shared.Validation;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// One newsletter issue to many confirmed subscribers (50,000 in a full run) through NewsletterService.SendNowAsync,
/// with the app's object graph, Azurite and the local fake SendGrid: the send's wall time against the storage floor
/// of the same run (every subscriber page read and every ledger row written with the SDK alone), SendGrid requests,
/// storage round trips, the process's peak memory while sending, and proof from the fake's records that every
/// subscriber got exactly one copy.
/// </summary>
internal sealed class NewsletterScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    // A yearly slot, so the run's issue cannot change slot while it runs (an admin's send has no stale guard).
    private const string Schedule = "0 0 0 1 1 *";

    // BatchDispatcher writes each batch's ledger rows with this many transactions at once, per request in flight.
    private const int LedgerParallelism = 4;

    private const int SeedConcurrency = 32;

    private static readonly string[] TopicSlugs = ["biochar", "policy-alignment", "monitoring-slm", "voluntary-carbon-markets", "carbon-market-framework"];
    private static readonly string[] Countries = ["KE", "FR", "SN", "ES", "PE", "DE", "IN", "BR"];

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var outbox = Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix);
        var counter = new StorageRequestCounter();
        // The fake keeps only the ids of what it receives, so the memory figures are the app's.
        await using var sendGrid = await FakeSendGridServer.StartAsync(recordSummaries: true, cancellationToken);
        await using var provider = BenchmarkApp.Build(storage, prefix, outbox, counter, new Dictionary<string, string?>
        {
            ["NewsletterSchedule"] = Schedule,
            ["Email:Transport"] = "SendGrid",
            ["Email:SendGridApiKey"] = "SG.benchmark",
            ["Email:SendGridHost"] = sendGrid.BaseAddress.ToString().TrimEnd('/'),
        });

        try
        {
            var clock = Stopwatch.StartNew();
            var subscribers = await SeedAsync(provider, cancellationToken);
            report.Figure("newsletter.setup", clock.Elapsed.TotalSeconds, "s", $"not timed: {subscribers.Length} members inserted {SeedConcurrency} at once, a document, a poll");
            await MeasureFloorAsync(report, provider, subscribers, cancellationToken);
            await MeasureSendAsync(report, provider, counter, sendGrid, subscribers, cancellationToken);
            Verify(report, sendGrid, subscribers);
        }
        finally
        {
            await storage.DeleteResourcesAsync(prefix, cancellationToken);
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }

    /// <summary>
    /// Confirmed subscribers written straight to the Members table (a partition each, so single inserts in
    /// parallel), one document published an hour ago and one open poll: an issue with news. Returns the members.
    /// </summary>
    private async Task<MemberEntity[]> SeedAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(storage.ConnectionString).GetTableClient(provider.GetRequiredService<StorageNames>().Members);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var subscribers = Enumerable.Range(0, options.SubscriberCount).Select(i => Subscriber(i, now)).ToArray();
        await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency, CancellationToken = cancellationToken },
            async (member, ct) => await table.AddEntityAsync(member, ct));

        // One topic only: every member gets the same sections, so the variants are the three languages.
        var document = new DocumentEntity
        {
            PartitionKey = DocumentStore.NewDocumentId(),
            UploaderId = MemberStore.NewMemberId(),
            Title = "Biochar in smallholder systems: a field report",
            Description = "Yields, costs and carbon accounting from three seasons of trials.",
            Topics = "biochar",
            DocumentType = "report",
            Language = "en",
            Year = now.Year,
            FileName = "report.pdf",
            DeclaredContentType = FileKinds.Pdf,
            ContentType = FileKinds.Pdf,
            Bytes = 1_000_000,
            Sha256 = new string('a', 64),
            Status = nameof(DocumentStatus.Published),
            CreatedAt = now.AddHours(-1),
            PublishedAt = now.AddHours(-1),
        };
        var documents = provider.GetRequiredService<DocumentStore>();
        await documents.AddAsync(document, cancellationToken);
        await documents.IndexPublishedAsync(document, cancellationToken);

        var poll = await provider.GetRequiredService<PollService>().CreateAsync(
            new PollDefinition
            {
                Question = "Which topic should the next webinar cover?",
                Options = [.. TopicSlugs.Take(3).Select(slug => new PollOptionDefinition { Id = slug, Label = slug })],
                Kind = "single",
                ClosesAt = now.AddDays(7),
                ResultsVisibility = "after-close",
            },
            cancellationToken);
        return poll is Validated<Poll>.Invalid { Errors: var errors }
            ? throw new InvalidOperationException("The benchmark poll is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")))
            : subscribers;
    }

    /// <summary>A confirmed subscriber; half in English, 30% French, 20% Spanish; one to three topics.</summary>
    private static MemberEntity Subscriber(int i, DateTimeOffset now)
    {
        var id = MemberStore.NewMemberId();
        return new MemberEntity
        {
            PartitionKey = id,
            EmailKey = "bench-" + id,
            Email = $"subscriber{i}@bench.example.org",
            Name = $"Subscriber {i}",
            Organization = "Benchmark Cooperative",
            Country = Countries[i % Countries.Length],
            Topics = string.Join(',', Enumerable.Range(0, 1 + (i % 3)).Select(k => TopicSlugs[(i + (2 * k)) % TopicSlugs.Length])),
            Language = (i % 10) switch { < 5 => "en", < 8 => "fr", _ => "es" },
            Newsletter = true,
            Status = nameof(MemberStatus.Confirmed),
            CreatedAt = now.AddDays(-30),
            ConfirmedAt = now.AddDays(-30),
        };
    }

    /// <summary>
    /// The storage work a send cannot avoid, with the SDK alone on the same Azurite: every subscriber page read
    /// with the app's filter, and a ledger row per subscriber (the shape of a recipient row) upserted in 100-row
    /// transactions into one partition, as many at once as the sender has in flight. Measured apart, then
    /// overlapped the way the sender overlaps them (the floor).
    /// </summary>
    private async Task MeasureFloorAsync(BenchmarkReport report, IServiceProvider provider, MemberEntity[] subscribers, CancellationToken cancellationToken)
    {
        var names = provider.GetRequiredService<StorageNames>();
        var tables = new TableServiceClient(storage.ConnectionString);
        var members = tables.GetTableClient(names.Members);
        var scratch = tables.GetTableClient(names.Table("Floor"));
        await scratch.CreateIfNotExistsAsync(cancellationToken);
        var parallelism = provider.GetRequiredService<IOptions<NewsletterOptions>>().Value.MaxParallelRequests * LedgerParallelism;

        var clock = Stopwatch.StartNew();
        var read = 0;
        await foreach (var page in SubscriberPagesAsync(members, cancellationToken))
        {
            read += page.Count;
        }

        var readTime = clock.Elapsed;
        clock.Restart();
        await Parallel.ForEachAsync(subscribers.Chunk(DeliveryLedgerStore.TransactionSize), Limit(parallelism, cancellationToken),
            async (chunk, ct) => await scratch.SubmitTransactionAsync(LedgerRows("write", chunk), ct));
        var writeTime = clock.Elapsed;

        clock.Restart();
        var transactions = Channel.CreateBounded<List<TableTransactionAction>>(parallelism);
        var writer = Parallel.ForEachAsync(transactions.Reader.ReadAllAsync(cancellationToken), Limit(parallelism, cancellationToken),
            async (actions, ct) => await scratch.SubmitTransactionAsync(actions, ct));
        try
        {
            await foreach (var page in SubscriberPagesAsync(members, cancellationToken))
            {
                foreach (var chunk in page.Chunk(DeliveryLedgerStore.TransactionSize))
                {
                    await transactions.Writer.WriteAsync(LedgerRows("floor", chunk), cancellationToken);
                }
            }
        }
        finally
        {
            transactions.Writer.TryComplete();
            await writer;
        }

        var floorTime = clock.Elapsed;
        if (read != subscribers.Length)
        {
            throw new InvalidOperationException($"The subscriber query found {read} of {subscribers.Length} members.");
        }

        var size = $"n={subscribers.Length}";
        report.Figure("newsletter.floor.memberRead", readTime.TotalSeconds, "s", $"{size} pages of 1000, the app's filter, one after another");
        report.Figure("newsletter.floor.ledgerWrite", writeTime.TotalSeconds, "s", $"{size} upserts in 100-row transactions, {parallelism} at once");
        report.Figure("newsletter.floor", floorTime.TotalSeconds, "s", $"{size} both overlapped: each page's rows written while the next pages are read");
    }

    private static async Task MeasureSendAsync(
        BenchmarkReport report, IServiceProvider provider, StorageRequestCounter counter, FakeSendGridServer sendGrid, MemberEntity[] subscribers, CancellationToken cancellationToken)
    {
        var service = provider.GetRequiredService<NewsletterService>();
        var newsletter = provider.GetRequiredService<IOptions<NewsletterOptions>>().Value;

        // Content building, templates and tokens are compiled once per process: not part of the figure.
        foreach (var language in new[] { "en", "fr", "es" })
        {
            await service.PreviewAsync(null, language, ["biochar"], cancellationToken);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = new MemoryPeak(Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: true));
        counter.Reset();
        using var sampling = new CancellationTokenSource();
        var peak = Task.Run(() => SamplePeakAsync(before, sampling.Token), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var result = await service.SendNowAsync(ResendChoices.None, cancellationToken: cancellationToken);
        var sendTime = clock.Elapsed;
        await sampling.CancelAsync();
        var peaks = await peak;
        var storageRequests = counter.Count;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before.ManagedHeap;

        var count = subscribers.Length;
        var accepted = result is NewsletterRunResult.Sent sent ? sent.Recipients : 0;
        var recorded = sendGrid.Requests;
        var requests = recorded.Count;
        // The fake keeps ids only, so the size comes from each request's Content-Length.
        var requestBytes = recorded.Sum(r => r.Headers.TryGetValue("Content-Length", out var length) && long.TryParse(length, System.Globalization.CultureInfo.InvariantCulture, out var bytes) ? bytes : 0);
        var fewestRequests = subscribers.GroupBy(m => m.Language, StringComparer.Ordinal).Sum(g => (g.Count() + newsletter.BatchSize - 1) / newsletter.BatchSize);
        var fewestStorageRequests = ((count + 999) / 1000) + ((count + DeliveryLedgerStore.TransactionSize - 1) / DeliveryLedgerStore.TransactionSize);
        report.Figure("newsletter.send", sendTime.TotalSeconds, "s", $"n={count} SendNowAsync: outcome {result.GetType().Name}, {newsletter.MaxParallelRequests} requests at once");
        report.Figure("newsletter.send.recipients", count / sendTime.TotalSeconds, "per s");
        report.Figure("newsletter.send.accepted", accepted, "recipients", $"must be {count}");
        report.Figure("newsletter.send.sendGridRequests", requests, "requests", $"fewest possible {fewestRequests}: {newsletter.BatchSize} recipients a request per language");
        report.Figure("newsletter.send.requestSize", requestBytes / 1048576.0 / Math.Max(1, requests), "MiB", "average body of a SendGrid request");
        report.Figure("newsletter.send.storageRoundTrips", storageRequests, "requests", $"the floor's {fewestStorageRequests}: member pages and 100-row ledger transactions");
        report.Figure("newsletter.send.peakWorkingSetGrowth", (peaks.WorkingSet - before.WorkingSet) / 1048576.0, "MiB", "working set peak during the send minus before");
        report.Figure("newsletter.send.peakManagedHeap", peaks.ManagedHeap / 1048576.0, "MiB", $"absolute, sampled every 20 ms, garbage included; the fake keeps ids only ({before.ManagedHeap / 1048576.0:0} MiB before)");
        report.Figure("newsletter.send.fakeSendGridRecords", retained / 1048576.0, "MiB", "managed heap kept after the send (full GC) minus before: the fake's id summaries and the app's caches");
        report.Ratio("newsletter.send.vsFloor", "newsletter.send", "newsletter.floor");

        if (result is not NewsletterRunResult.Sent || accepted != count)
        {
            throw new InvalidOperationException($"The newsletter went to {accepted} of {count} subscribers: {result}.");
        }
    }

    /// <summary>Every subscriber exactly once in the personalizations the fake accepted, read after the timed part.</summary>
    private static void Verify(BenchmarkReport report, FakeSendGridServer sendGrid, MemberEntity[] subscribers)
    {
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var request in sendGrid.Requests)
        {
            var json = request.Json ?? throw new InvalidOperationException($"Request {request.Number} to the fake SendGrid is not JSON.");
            foreach (var personalization in json.GetProperty("personalizations").EnumerateArray())
            {
                var memberId = personalization.GetProperty("custom_args").GetProperty("memberId").GetString()!;
                copies[memberId] = copies.GetValueOrDefault(memberId) + 1;
            }
        }

        var duplicates = copies.Values.Sum(n => n - 1);
        var missing = subscribers.Count(m => !copies.ContainsKey(m.MemberId));
        var strangers = copies.Count - (subscribers.Length - missing);
        report.Figure("newsletter.verify.duplicates", duplicates, "copies", "extra copies of a subscriber's issue (must be 0)");
        report.Figure("newsletter.verify.missing", missing, "members", "subscribers without a copy (must be 0)");
        if (duplicates != 0 || missing != 0 || strangers != 0)
        {
            throw new InvalidOperationException($"Not exactly once: {duplicates} duplicates, {missing} missing, {strangers} copies to someone else.");
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<MemberEntity>> SubscriberPagesAsync(
        TableClient members, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var confirmed = nameof(MemberStatus.Confirmed);
        var filter = TableClient.CreateQueryFilter<MemberEntity>(e => e.RowKey == MemberEntity.Row && e.Status == confirmed && e.Newsletter);
        await foreach (var page in members.QueryAsync<MemberEntity>(filter, 1000, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1000))
        {
            yield return page.Values;
        }
    }

    private static List<TableTransactionAction> LedgerRows(string partition, IEnumerable<MemberEntity> members)
    {
        var batchId = Guid.NewGuid().ToString("N")[..16];
        return members.Select(m => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new NewsletterDeliveryEntity { PartitionKey = partition, RowKey = NewsletterDeliveryEntity.MemberRow(m.MemberId), BatchId = batchId })).ToList();
    }

    private static ParallelOptions Limit(int parallelism, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

    // Every 20 ms: a batch of 1,000 recipients lives for longer than that.
    private static async Task<MemoryPeak> SamplePeakAsync(MemoryPeak start, CancellationToken cancellationToken)
    {
        var peak = start;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                peak = peak.Max(Sample());
            }
        }
        catch (OperationCanceledException)
        {
            // The send finished: the sampling ends with it.
        }

        return peak.Max(Sample());
    }

    private static MemoryPeak Sample() =>
        new(Environment.WorkingSet, Math.Max(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().HeapSizeBytes));

    private sealed record MemoryPeak(long WorkingSet, long ManagedHeap)
    {
        public MemoryPeak Max(MemoryPeak other) => new(Math.Max(WorkingSet, other.WorkingSet), Math.Max(ManagedHeap, other.ManagedHeap));
    }
}
