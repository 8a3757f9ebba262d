using System.Text;
using CoP.Shared.Members;
using CoP.Shared.Members.Import;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members.Import;

public sealed class ImportFileStoreTests(StorageFixture storage)
{
    [Fact]
    public async Task AFileIsKeptOnceByItsHashUntilImportedOrForADay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, time: time);
        var files = app.Get<ImportFileStore>();
        var file = Encoding.UTF8.GetBytes(ImportFiles.MembersFile(3));

        var hash = await files.KeepAsync(file, Ct);
        Assert.Equal(hash, await files.KeepAsync(file, Ct));
        var other = await files.KeepAsync(Encoding.UTF8.GetBytes(ImportFiles.MembersFile(2)), Ct);

        Assert.True(ImportFileStore.IsHash(hash));
        await using (var kept = await files.OpenAsync(hash, Ct))
        {
            using var bytes = new MemoryStream();
            await kept!.CopyToAsync(bytes, Ct);
            Assert.Equal(file, bytes.ToArray());
        }

        // Imported: gone at once. Never imported: the daily housekeeping removes it once a day has passed.
        await files.DeleteAsync(other, Ct);
        Assert.Null(await files.OpenAsync(other, Ct));
        Assert.Equal(0, (await app.Get<HousekeepingService>().RunAsync(Ct)).ImportFilesPurged);
        time.Advance(ImportFileStore.KeptFor + TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await app.Get<HousekeepingService>().RunAsync(Ct)).ImportFilesPurged);
        Assert.Null(await files.OpenAsync(hash, Ct));
        Assert.Null(await files.OpenAsync("../uploads/x", Ct));
    }
}
