using System.Text.RegularExpressions;

namespace TrainerAcademy.Domain;

public enum IdType
{
    ResidentIdCard,
    Passport,
    HongKongMacaoPermit,
    TaiwanPermit,
    ForeignPermanentResidentCard,
}

public enum Employment
{
    Employed,
    SelfEmployed,
    RegisteredUnemployed,
    Student,
    Retired,
    Other,
}

/// <summary>Highest education, ordered from lowest; the application conditions of each level refer to it.</summary>
public enum Education
{
    JuniorHighOrBelow,
    SeniorHigh,
    SecondaryVocational,
    TechnicianSchool,
    SeniorTechnicianSchool,
    TechnicianCollege,
    JuniorCollege,
    Bachelor,
    MasterOrAbove,
}

/// <summary>The real-name profile (实名信息) a learner must complete before enrolling, examination and certification.</summary>
public partial class LearnerProfile
{
    private LearnerProfile() { }

    public LearnerProfile(string userId) => UserId = userId;

    public string UserId { get; private set; } = "";
    public string? RealName { get; private set; }
    public IdType IdType { get; private set; }
    public string? IdNumber { get; private set; }
    public string? Phone { get; private set; }
    public Employment? Employment { get; private set; }
    public string? SocialInsuranceCity { get; private set; }
    public string? HukouCity { get; private set; }
    public int? YearsInOccupation { get; private set; }
    public Education? Education { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }

    public bool IsComplete =>
        RealName is not null && IdNumber is not null && Phone is not null && Employment is not null
        && YearsInOccupation is not null && Education is not null;

    public void Update(string? realName, IdType idType, string? idNumber, string? phone, Employment? employment,
        string? socialInsuranceCity, string? hukouCity, int? yearsInOccupation, Education? education, DateTimeOffset now)
    {
        realName = Clean(realName);
        idNumber = Clean(idNumber)?.ToUpperInvariant();
        phone = Clean(phone);

        if (realName is { Length: > 50 })
            throw new RuleViolation("profile.real-name", "The real name is at most 50 characters.", "realName");
        if (!Enum.IsDefined(idType))
            throw new RuleViolation("profile.id-type", "Unknown identity document type.", "idType");
        if (idNumber is not null)
        {
            if (idType == IdType.ResidentIdCard && !ChineseIdNumber.IsValid(idNumber))
                throw new RuleViolation("profile.id-number", "This is not a valid 18-character resident identity card number.", "idNumber");
            if (idType != IdType.ResidentIdCard && !OtherDocument().IsMatch(idNumber))
                throw new RuleViolation("profile.document-number", "A document number is 5 to 20 letters and digits.", "idNumber");
        }
        if (phone is not null && !MainlandMobile().IsMatch(phone))
            throw new RuleViolation("profile.phone", "The phone number is an 11-digit mainland mobile number.", "phone");
        if (employment is { } e && !Enum.IsDefined(e))
            throw new RuleViolation("profile.employment", "Unknown employment status.", "employment");
        if (education is { } ed && !Enum.IsDefined(ed))
            throw new RuleViolation("profile.education", "Unknown education.", "education");
        if (yearsInOccupation is < 0 or > 60)
            throw new RuleViolation("profile.years", "Years in the occupation are 0 to 60.", "yearsInOccupation");

        RealName = realName;
        IdType = idType;
        IdNumber = idNumber;
        Phone = phone;
        Employment = employment;
        SocialInsuranceCity = Clean(socialInsuranceCity);
        HukouCity = Clean(hukouCity);
        YearsInOccupation = yearsInOccupation;
        Education = education;
        UpdatedAt = now;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    [GeneratedRegex(@"^[A-Z0-9]{5,20}$")]
    private static partial Regex OtherDocument();
}
