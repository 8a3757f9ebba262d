using System.Globalization;
using Azure.Data.Tables;
using CoP.Functions.Members;
using CoP.Shared.Limits;
using CoP.Shared.Members;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

public sealed class HousekeepingTests(StorageFixture storage)
{
    private const string Address = "amina.diallo@example.org";
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ExpiredRegistrationGoesWithItsEmailIndexAndConsentWhenItsLinkHasExpired()
    {
        var (app, time) = CreateApp();
        await using var _ = app;
        await RegisterAsync(app, Registration(Address));
        var old = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");
        Assert.Equal((1, 1, 1), (await RowCountAsync(app, "Members"), await RowCountAsync(app, "MemberEmails"), await RowCountAsync(app, "ConsentLedger")));

        time.Advance(ConfirmLifetime(app) + HousekeepingService.Margin + TimeSpan.FromMinutes(1));
        var (purged, changed) = await app.Get<HousekeepingService>().PurgeExpiredRegistrationsAsync(Ct);

        Assert.Equal((1, 0), (purged, changed));
        Assert.Equal((0, 0, 0), (await RowCountAsync(app, "Members"), await RowCountAsync(app, "MemberEmails"), await RowCountAsync(app, "ConsentLedger")));
        var left = await AllTableTextAsync(app);
        Assert.DoesNotContain("amina", left, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Soil Institute", left, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains("amina", StringComparison.OrdinalIgnoreCase));

        // The address is free again: a new registration, a new link that confirms, and the old link names no one.
        await RegisterAsync(app, Registration(Address));
        var fresh = TokenFromLink(app.Outbox().Last(m => m.Category == "confirmation").TextBody, "/api/registrations/confirm");
        Assert.Equal(200, (await ConfirmAsync(app, fresh)).Status);
        Assert.Equal(MemberStatus.Confirmed, (await MemberByEmailAsync(app, Address))!.MemberStatus);
        Assert.Equal(400, (await ConfirmAsync(app, old)).Status);
    }

    [Fact]
    public async Task RegistrationIsKeptWhileItsLinkStillWorks()
    {
        var (app, time) = CreateApp();
        await using var _ = app;
        await RegisterAsync(app, Registration(Address));
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");

        time.Advance(ConfirmLifetime(app) - TimeSpan.FromMinutes(1));
        var purge = await app.Get<HousekeepingService>().PurgeExpiredRegistrationsAsync(Ct);

        Assert.Equal((0, 0), purge);
        Assert.Equal(200, (await ConfirmAsync(app, token)).Status);
        Assert.Equal(MemberStatus.Confirmed, (await MemberByEmailAsync(app, Address))!.MemberStatus);
    }

    [Fact]
    public async Task RegistrationIsKeptWhenItsConfirmationWasResentRecently()
    {
        var (app, time) = CreateApp();
        await using var _ = app;
        await RegisterAsync(app, Registration(Address));
        time.Advance(ConfirmLifetime(app) - TimeSpan.FromDays(1));
        await RegisterAsync(app, Registration(Address));
        var resent = TokenFromLink(app.Outbox().Last(m => m.Category == "confirmation").TextBody, "/api/registrations/confirm");

        // The registration itself is long past the lifetime; the link sent again is not.
        time.Advance(TimeSpan.FromDays(3));
        var purge = await app.Get<HousekeepingService>().PurgeExpiredRegistrationsAsync(Ct);

        Assert.Equal((0, 0), purge);
        Assert.Equal(200, (await ConfirmAsync(app, resent)).Status);
        Assert.Equal(MemberStatus.Confirmed, (await MemberByEmailAsync(app, Address))!.MemberStatus);
    }

    [Fact]
    public async Task ConfirmedMemberIsNeverTouchedHoweverOld()
    {
        var (app, time) = CreateApp();
        await using var _ = app;
        var (member, _) = await ConfirmedMemberAsync(app, Address);
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);

        time.Advance(TimeSpan.FromDays(3 * 365));
        var purge = await app.Get<HousekeepingService>().PurgeExpiredRegistrationsAsync(Ct);

        Assert.Equal((0, 0), purge);
        Assert.Equal(MemberStatus.Confirmed, (await app.Get<MemberStore>().GetAsync(member.MemberId, Ct))!.MemberStatus);
        Assert.Equal(ledger.Count, (await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct)).Count);
        Assert.Equal(member.MemberId, (await app.Get<MemberEmailIndex>().FindAsync(member.EmailKey, Ct))!.MemberId);
    }

    [Fact]
    public async Task RegistrationConfirmedBetweenTheReadAndTheDeleteSurvives()
    {
        var (app, time) = CreateApp();
        await using var _ = app;
        var store = app.Get<MemberStore>();
        await RegisterAsync(app, Registration(Address));
        time.Advance(ConfirmLifetime(app) + HousekeepingService.Margin + TimeSpan.FromMinutes(1));
        var read = Assert.Single(await FirstPageAsync(store, time.GetUtcNow()));

        // The confirmation's write lands after the purge read the row: the row's ETag moves on.
        var current = (await store.GetAsync(read.MemberId, Ct))!;
        current.Status = nameof(MemberStatus.Confirmed);
        current.ConfirmedAt = time.GetUtcNow();
        Assert.True(await store.TryReplaceAsync(current, Ct));

        var housekeeping = app.Get<HousekeepingService>();
        Assert.False(await housekeeping.TryPurgePendingAsync(read, Ct));
        Assert.Equal(MemberStatus.Confirmed, (await store.GetAsync(read.MemberId, Ct))!.MemberStatus);
        Assert.Equal(read.MemberId, (await app.Get<MemberEmailIndex>().FindAsync(read.EmailKey, Ct))!.MemberId);
        Assert.Single(await app.Get<ConsentLedger>().HistoryAsync(read.MemberId, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => housekeeping.TryPurgePendingAsync(current, Ct));
    }

    [Fact]
    public async Task PurgeReadsNoAddressOrNameAndKeepsTheRowsETag()
    {
        var (app, time) = CreateApp();
        await using var _ = app;
        await RegisterAsync(app, Registration(Address));
        time.Advance(ConfirmLifetime(app) + HousekeepingService.Margin + TimeSpan.FromMinutes(1));

        var read = Assert.Single(await FirstPageAsync(app.Get<MemberStore>(), time.GetUtcNow()));

        Assert.Equal(("", ""), (read.Email, read.Name));
        Assert.NotEqual(default, read.ETag);
        Assert.Empty(await FirstPageAsync(app.Get<MemberStore>(), Start));
        var stored = await app.Table("Members").GetEntityAsync<TableEntity>(read.MemberId, MemberEntity.Row, cancellationToken: Ct);
        Assert.False(stored.Value.ContainsKey(nameof(MemberEntity.ConfirmationSentAt)));
    }

    [Fact]
    public async Task ConfirmationComposedAgainLaterExpiresWhenThePurgeSaysItHas()
    {
        // A retried delivery composes the confirmation of the send the row records, perhaps hours later.
        var (app, time) = CreateApp();
        await using var _ = app;
        await RegisterAsync(app, Registration(Address));
        var member = (await MemberByEmailAsync(app, Address))!;
        time.Advance(TimeSpan.FromHours(5));

        var message = app.Get<MemberMailer>().Compose(new MemberMail(member, MemberMailKind.Confirmation));

        var token = app.Get<MemberTokenService>().Verify(TokenFromLink(message.TextBody, "/api/registrations/confirm")).Token!;
        Assert.Equal(member.ConfirmationSentAt + ConfirmLifetime(app), token.ExpiresAt);
        Assert.Equal(Start, member.ConfirmationSentAt);
    }

    [Fact]
    public async Task TimerPurgesPastLimitHoursAndOldMailDeliveriesAndKeepsCurrentOnes()
    {
        // The delivery ledger ages rows by the storage service's own clock, so this clock starts at the real time.
        var now = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 30, 0, TimeSpan.Zero));
        await using var app = TestApp.Create(storage, time: time);
        await RegisterAsync(app, Registration(Address));
        var timer = app.Function<PurgeExpiredRegistrationsFunction>();

        await timer.PurgeExpiredRegistrations(new TimerInfo(), Ct);

        Assert.Equal(1, await RowCountAsync(app, "Members"));
        Assert.Equal(1, await RowCountAsync(app, "MailDeliveries"));
        Assert.NotEqual(0, await RowCountAsync(app, "RequestLimits"));
        Assert.Contains(app.Logs.Entries, e => e.Message.StartsWith("Housekeeping: 0 expired registrations removed", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromDays(31));
        Assert.True((await app.Get<RequestLimiter>().TryAcquireAsync("198.51.100.7", Ct)).IsAllowed);
        await timer.PurgeExpiredRegistrations(new TimerInfo(), Ct);

        Assert.Equal(0, await RowCountAsync(app, "Members"));
        Assert.Equal(0, await RowCountAsync(app, "MailDeliveries"));
        var current = RequestLimitEntity.PartitionOf(RequestLimitEntity.WindowStart(time.GetUtcNow()));
        Assert.All(await app.Table("RequestLimits").QueryAsync<TableEntity>(cancellationToken: Ct).ToListAsync(Ct), r => Assert.Equal(current, r.PartitionKey));
        var log = Assert.Single(app.Logs.Entries, e => e.Message.StartsWith("Housekeeping: 1 expired", StringComparison.Ordinal));
        Assert.Contains("1 past hours of request limits and 1 old mail deliveries", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains("amina", StringComparison.OrdinalIgnoreCase) || e.AllText.Contains("198.51.100", StringComparison.Ordinal));
    }

    private (TestApp App, FakeTimeProvider Time) CreateApp()
    {
        var time = new FakeTimeProvider(Start);
        return (TestApp.Create(storage, time: time), time);
    }

    private static TimeSpan ConfirmLifetime(TestApp app) => app.Get<IOptions<MemberTokenOptions>>().Value.ConfirmLifetime;

    private static async Task<IReadOnlyList<MemberEntity>> FirstPageAsync(MemberStore store, DateTimeOffset createdBefore)
    {
        await foreach (var page in store.ListPendingPagesAsync(createdBefore, Ct))
        {
            return page;
        }

        return [];
    }
}
