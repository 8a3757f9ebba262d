using CoP.Shared.Members;
using CoP.Shared.Members.Import;
using CoP.Shared.Topics;
using static CoP.Tests.Members.Import.ImportFiles;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members.Import;

public sealed class MemberImportTests(StorageFixture storage)
{
    [Fact]
    public async Task PreviewListsExactlyTheBadRowsByLineAndWritesNothing()
    {
        await using var app = TestApp.Create(storage);

        var preview = await PreviewAsync(app, WithFiveBadRows());

        Assert.Equal((500, 495, 0, 5), (preview.TotalRows, preview.ToImport, preview.AlreadyMembers, preview.RefusedRows));
        Assert.Equal(BadLines, preview.Errors.Select(e => e.Line));
        Assert.Equal(["email", "country", "consentedAt", "topics", "email"], preview.Errors.Select(e => e.Field));
        Assert.Contains("line 2", preview.Errors[^1].Message, StringComparison.Ordinal);
        Assert.All(preview.Errors, e => Assert.DoesNotContain("@", e.Message, StringComparison.Ordinal));
        Assert.Equal(0, await RowCountAsync(app, "Members"));
        Assert.Equal(0, await RowCountAsync(app, "MemberEmails"));
        Assert.Equal(0, await RowCountAsync(app, "ConsentLedger"));
    }

    [Fact]
    public async Task ImportWritesTheGoodRowsAsConfirmedMembersWithImportedConsentAndSendsNothing()
    {
        await using var app = TestApp.Create(storage);

        var counts = await ImportAsync(app, WithFiveBadRows());

        Assert.Equal(new ImportCounts(495, 0, 5), counts);
        var members = await MembersAsync(app);
        Assert.Equal(495, members.Count);
        Assert.All(members, m => Assert.True(m.MemberStatus == MemberStatus.Confirmed && m.ReceivesNewsletter));
        var member = members.Single(m => m.Email == Address(7));
        Assert.Equal(("Member 7", "Soil Institute 0", "KE", "es", "biochar,policy-alignment"), (member.Name, member.Organization, member.Country, member.Language, member.Topics));
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal(["import", "newsletter-opt-in"], ledger.Select(e => e.Event));
        Assert.All(ledger, e =>
        {
            Assert.Equal((MemberImportService.Channel, "", "Newsletter form of the earlier platform"), (e.Channel, e.IpHash, e.Source));
            Assert.Equal(new DateTimeOffset(2022, 5, 8, 0, 0, 0, TimeSpan.Zero), e.At);
        });
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
        Assert.Empty(app.Outbox());
    }

    [Fact]
    public async Task ImportingTheSameFileAgainChangesNothing()
    {
        await using var app = TestApp.Create(storage);
        var file = WithFiveBadRows();
        await ImportAsync(app, file);
        var before = await AllTableTextAsync(app);

        var again = await ImportAsync(app, file);
        var preview = await PreviewAsync(app, file);

        Assert.Equal(new ImportCounts(0, 495, 5), again);
        Assert.Equal((0, 495, 5), (preview.ToImport, preview.AlreadyMembers, preview.RefusedRows));
        Assert.Equal(before, await AllTableTextAsync(app));
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
    }

    [Fact]
    public async Task TwoImportsOfTheSameFileAtOnceMakeEachMemberOnce()
    {
        await using var app = TestApp.Create(storage);
        var file = MembersFile(200);

        var both = await Task.WhenAll(ImportAsync(app, file), ImportAsync(app, file));

        Assert.Equal(200, both.Sum(c => c.Imported));
        Assert.All(both, c => Assert.Equal(200, c.Imported + c.AlreadyMembers));
        Assert.Equal(200, await RowCountAsync(app, "Members"));
        Assert.Equal(200, await RowCountAsync(app, "MemberEmails"));
        Assert.Equal(200, (await MembersAsync(app)).Select(m => m.Email).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task AnAddressAlreadyRegisteredIsCountedAsAMemberAndLeftUnchanged()
    {
        await using var app = TestApp.Create(storage);
        var (registered, _) = await ConfirmedMemberAsync(app, Address(3));
        var outbox = app.Outbox().Count;

        var preview = await PreviewAsync(app, MembersFile(10));
        var counts = await ImportAsync(app, MembersFile(10));

        Assert.Equal((9, 1), (preview.ToImport, preview.AlreadyMembers));
        Assert.Equal(new ImportCounts(9, 1, 0), counts);
        var member = await MemberByEmailAsync(app, Address(3));
        Assert.Equal((registered.MemberId, registered.Name, registered.Topics), (member!.MemberId, member.Name, member.Topics));
        Assert.DoesNotContain(await app.Get<ConsentLedger>().HistoryAsync(registered.MemberId, Ct), e => e.Event == "import");
        Assert.Equal(outbox, app.Outbox().Count);
    }

    [Fact]
    public async Task ACampaignLeavesNewMembersPendingAndQueuesEachOneConfirmation()
    {
        await using var app = TestApp.Create(storage);

        var counts = await ImportAsync(app, MembersFile(20), confirmationCampaign: true);

        Assert.Equal(new ImportCounts(20, 0, 0), counts);
        Assert.All(await MembersAsync(app), m => Assert.Equal(MemberStatus.Pending, m.MemberStatus));
        Assert.Equal(20, await app.QueuedMailCountAsync(Ct));
        await app.DeliverQueuedMailAsync(Ct);
        var sent = app.Outbox();
        Assert.Equal(20, sent.Count);
        Assert.All(sent, m => Assert.Equal("confirmation", m.Category));
        Assert.Equal(Enumerable.Range(0, 20).Select(Address).Order(), sent.Select(m => m.To.Address).Order());

        // The mail is the registration's confirmation: its link confirms the member, who then has the whole record.
        var mail = sent.Single(m => m.To.Address == Address(4));
        Assert.Equal(200, (await ConfirmAsync(app, TokenFromLink(mail.TextBody, "/api/registrations/confirm"))).Status);
        var member = await MemberByEmailAsync(app, Address(4));
        Assert.Equal(MemberStatus.Confirmed, member!.MemberStatus);
        Assert.Equal(["import", "confirmation", "newsletter-opt-in"], (await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct)).Select(e => e.Event));

        // A second campaign with the same file finds them all and sends nothing more.
        Assert.Equal(new ImportCounts(0, 20, 0), await ImportAsync(app, MembersFile(20), confirmationCampaign: true));
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
    }

    [Fact]
    public async Task ARetiredTopicIsRefusedLikeAnUnknownOne()
    {
        await using var app = TestApp.Create(storage);
        Assert.IsType<TopicRetirement.Retired>(await app.Get<TopicStore>().RetireAsync("biochar", Ct));

        var preview = await PreviewAsync(app, MembersFile(3));

        Assert.Equal(0, preview.ToImport);
        Assert.Equal([2, 3, 4], preview.Errors.Select(e => e.Line));
        Assert.All(preview.Errors, e => Assert.Equal("topics", e.Field));
    }

    [Fact]
    public async Task AnImportedMemberIsExportedAndErasedLikeAnyMember()
    {
        await using var app = TestApp.Create(storage);
        await ImportAsync(app, MembersFile(1));
        var member = (await MemberByEmailAsync(app, Address(0)))!;
        var accounts = app.Get<MemberAccountService>();

        var export = await accounts.ExportAsync(member.MemberId, Ct);
        Assert.Equal("Member 0", export!.Member.Name);
        Assert.Contains(export.ConsentLedger, c => c is { Event: "import", Channel: "import", Source: "Newsletter form of the earlier platform" });

        var files = app.Get<CoP.Shared.Members.Import.ImportFileStore>();
        var kept = await files.KeepAsync(System.Text.Encoding.UTF8.GetBytes(MembersFile(1)), Ct);
        Assert.True(await accounts.EraseAsync(member.MemberId, new RequestOrigin(null, "operator"), Ct));
        // A file checked before the erase, which holds the address, is gone with it: it cannot bring the member back.
        Assert.Null(await files.OpenAsync(kept, Ct));
        Assert.Null(await app.Get<MemberStore>().GetAsync(member.MemberId, Ct));
        Assert.Equal(0, await RowCountAsync(app, "MemberEmails"));
        var remaining = await AllTableTextAsync(app);
        Assert.DoesNotContain(Address(0), remaining, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Member 0", remaining, StringComparison.Ordinal);
        Assert.DoesNotContain("Soil Institute", remaining, StringComparison.Ordinal);
        var history = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal(["import", "newsletter-opt-in", "erase"], history.Select(e => e.Event));
        Assert.All(history, e => Assert.True(string.IsNullOrEmpty(e.Source), "an erase blanks the import's source"));

        // The address is free again: importing the file once more makes a new member.
        Assert.Equal(new ImportCounts(1, 0, 0), await ImportAsync(app, MembersFile(1)));
    }

    private static async Task<List<MemberEntity>> MembersAsync(TestApp app)
    {
        var members = new List<MemberEntity>();
        await foreach (var member in app.Table("Members").QueryAsync<MemberEntity>(cancellationToken: Ct))
        {
            members.Add(member);
        }

        return members;
    }
}
