using CoP.Shared.Documents;

namespace CoP.Tests.Documents;

/// <summary>The file-name rules on their own; the upload path through them is in <see cref="DocumentUploadTests"/>.</summary>
public sealed class SafeFileNameTests
{
    // Windows opens these as devices whatever the extension ("NUL.pdf", "com1.tar.gz"), in any case.
    private static readonly string[] DeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    public static TheoryData<string, string> DeviceFileNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var device in DeviceNames)
        {
            var mixed = device[0] + device[1..].ToLowerInvariant();
            foreach (var name in new[] { device, device.ToLowerInvariant(), mixed })
            {
                data.Add($"{name}.pdf", $"_{name}.pdf");
                data.Add($"{name}.TXT", $"_{name}.txt");
                data.Add($"{name}.tar.gz", $"_{name}.tar.gz");
                data.Add($"{name} .pdf", $"_{name}.pdf");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DeviceFileNames))]
    public void EveryDeviceNameIsPrefixedWhateverItsCaseAndExtension(string fileName, string expected)
    {
        var safe = SafeFileName.Create(fileName, out var error);

        Assert.Null(error);
        Assert.Equal(expected, safe);
    }

    [Theory]
    [InlineData("CLOCK$.pdf", "CLOCK.pdf")]
    [InlineData("CONIN$.pdf", "CONIN.pdf")]
    [InlineData("conout$.txt", "conout.txt")]
    [InlineData("COM¹.pdf", "COM.pdf")]
    [InlineData("lpt³.pdf", "lpt.pdf")]
    public void DeviceNamesWithASignOrSuperscriptLoseItAndAreNoLongerDevices(string fileName, string expected)
    {
        Assert.Equal(expected, SafeFileName.Create(fileName, out _));
    }

    [Theory]
    [InlineData("CONSOLE.pdf")]
    [InlineData("COM10.pdf")]
    [InlineData("LPT.pdf")]
    [InlineData("NULL.pdf")]
    [InlineData("AUXILIARY.pdf")]
    [InlineData("my-CON.pdf")]
    [InlineData("report.CON.pdf")]
    public void NamesThatOnlyResembleADeviceAreKept(string fileName)
    {
        Assert.Equal(fileName, SafeFileName.Create(fileName, out _));
    }
}
