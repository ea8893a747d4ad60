using Microsoft.Extensions.Localization;

// Resource names follow the root namespace (TrainerAcademy.Resources.SharedResource), not the assembly name TrainerAcademy.Web.
[assembly: RootNamespace("TrainerAcademy")]

namespace TrainerAcademy;

/// <summary>The anchor of Resources/SharedResource.*.resx: every user-facing string of the app.</summary>
public sealed class SharedResource;

/// <summary>Text in a language other than the request's: the certificate prints Chinese, a subsidy reason is given in both.</summary>
public static class InCulture
{
    public static string Text(string culture, Func<string> text)
    {
        var ui = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        try
        {
            return text();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = ui;
        }
    }
}
