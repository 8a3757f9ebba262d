using System.Globalization;

namespace CoP.Functions.Console;

/// <summary>How console pages print times and numbers: UTC, in the page's language.</summary>
public static class ConsoleFormat
{
    public static string Time(DateTimeOffset at, string language) =>
        at.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.GetCultureInfo(language));
}
