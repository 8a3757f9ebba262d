using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoP.Shared.DomainEvents;
using CoP.Shared.Projects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Projects.Review.ReviewTestFlows;

namespace CoP.Tests.DomainEvents;

/// <summary>
/// Attack-review finding: a storage failure writing an event, or marking it dispatched, failed the source's own action
/// (answered 500 after the action was stored, so that the client sent it again). The action now stands.
/// </summary>
public sealed class DomainEventLogFaultTests(StorageFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DomainEventDraft Draft = new(
        DomainEventTypes.NewsletterSent, "2026-11-02-0800", "News of the week", "https://cop.example.org/api/newsletter/issues/2026-11-02-0800", [], "News",
        JsonSerializer.SerializeToElement(new { id = "2026-11-02-0800" }));

    [Fact]
    public async Task AnEventThatStorageCannotWriteIsNotRecordedAndLoggedWithoutThrowing()
    {
        var subscriber = new CountingSubscriber();
        await using var app = TestApp.Create(storage, compose: (services, _) => services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventSubscriber>(subscriber)));
        var store = ActivatorUtilities.CreateInstance<DomainEventStore>(app.Services, UnreachableTables());
        var log = ActivatorUtilities.CreateInstance<DomainEventLog>(app.Services, store);

        var result = await log.PublishAsync(Draft, Ct);

        var notRecorded = Assert.IsType<PublishResult.NotRecorded>(result);
        Assert.Equal(DomainEvent.IdOf(Draft.Type, Draft.Key), notRecorded.Event.EventId);
        Assert.Equal(0, subscriber.Calls);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(notRecorded.Event.EventId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnApprovalWhoseEventCannotBeWrittenStillSucceeds()
    {
        var time = new FakeTimeProvider(Projects.ProjectTestData.Start);
        await using var app = TestApp.Create(
            storage, time: time,
            compose: (services, _) => services.Replace(ServiceDescriptor.Singleton(sp => ActivatorUtilities.CreateInstance<DomainEventStore>(sp, UnreachableTables()))));
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        Assert.Equal(200, (await ReviewAsync(app, projectId, new { decision = "approve" })).Status);

        Assert.Equal(ProjectReview.Approved, (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project.Review);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(DomainEvent.IdOf(DomainEventTypes.ProjectApproved, projectId), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEventHandedOverButNotMarkedDispatchedIsRecordedAndHandedOverAgainByTheTimer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture));
        var subscriber = new CountingSubscriber();
        await using var app = TestApp.Create(
            storage, time: time, compose: (services, _) => services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventSubscriber>(subscriber)));
        // Marking dispatched is the one update (neither a read nor an insert) of the DomainEvents table.
        var marks = new FailingPolicy(r =>
            r.Method != RequestMethod.Get && r.Method != RequestMethod.Post && r.Uri.Path.Contains("DomainEvents", StringComparison.OrdinalIgnoreCase));
        var store = ActivatorUtilities.CreateInstance<DomainEventStore>(app.Services, StorageFaults.TablesWith(app, marks));
        var log = ActivatorUtilities.CreateInstance<DomainEventLog>(app.Services, store);

        var result = await log.PublishAsync(Draft, Ct);

        Assert.IsType<PublishResult.Recorded>(result);
        Assert.True(marks.Failed > 0);
        Assert.Equal(1, subscriber.Calls);
        Assert.Equal([result.Event.EventId], (await app.Get<DomainEventStore>().ListUndispatchedAsync(time.GetUtcNow(), Ct)).Select(e => e.EventId));

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await app.Get<DomainEventLog>().RedispatchAsync(time.GetUtcNow() - TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(2, subscriber.Calls);
        Assert.Empty(await app.Get<DomainEventStore>().ListUndispatchedAsync(time.GetUtcNow(), Ct));
    }

    /// <summary>A table service on a port nothing listens on, failing at once (no retries).</summary>
    private static TableServiceClient UnreachableTables()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return new TableServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"), new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])), options);
    }

    private sealed class CountingSubscriber : IDomainEventSubscriber
    {
        private int _calls;

        public string Name => "test";

        public int Calls => _calls;

        public Task EnqueueAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.CompletedTask;
        }
    }

    /// <summary>Fails every matching request before it is sent, as a storage account briefly unreachable would.</summary>
    private sealed class FailingPolicy(Func<Request, bool> matches) : HttpPipelinePolicy
    {
        private int _failed;

        public int Failed => _failed;

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Fail(message);
            return ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Fail(message);
            ProcessNext(message, pipeline);
        }

        private void Fail(HttpMessage message)
        {
            if (matches(message.Request))
            {
                Interlocked.Increment(ref _failed);
                throw new IOException("The storage account could not be reached (test fault).");
            }
        }
    }
}
