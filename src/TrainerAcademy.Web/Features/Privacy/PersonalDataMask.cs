using TrainerAcademy.Domain;

namespace TrainerAcademy.Features.Privacy;

/// <summary>
/// How pages, APIs, exports and logs show identity and phone numbers unless a role needs the full value (and that view is
/// audited): an identity number keeps its first 3 and last 4 characters (310***********1234), a phone number its first 3
/// and last 4 digits (138****8000).
/// </summary>
public static class PersonalDataMask
{
    public static string? IdNumber(string? number) => number is null ? null : ChineseIdNumber.Mask(number);

    public static string? Phone(string? phone) =>
        phone is null ? null : phone.Length <= 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];

    /// <summary>True when a submitted value is a masked one (as the form and the API show it): the owner did not change it.</summary>
    public static bool IsMasked(string? value) => value is not null && value.Contains('*', StringComparison.Ordinal);
}

/// <summary>The version of the privacy notice (个人信息保护告知书) people agree to when they register.</summary>
public static class PrivacyNotice
{
    public const string Version = "2026-12";
}
