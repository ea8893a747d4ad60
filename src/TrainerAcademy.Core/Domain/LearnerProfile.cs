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

/// <summary>
/// Highest education, ordered from lowest; the application conditions of each level refer to it. 高职 (a higher
/// vocational school training for senior skills) is its own value: with a level 4 certificate it opens level 3 at
/// once, while a 大专 of any other kind needs 2 more years in the occupation.
/// </summary>
public enum Education
{
    JuniorHighOrBelow,
    SeniorHigh,
    SecondaryVocational,
    TechnicianSchool,
    SeniorTechnicianSchool,
    TechnicianCollege,
    HigherVocational,
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

    /// <summary>
    /// The keyed hash of <see cref="IdType"/> and <see cref="IdNumber"/>, which finds a number without decrypting it and
    /// keeps one number to one account (a unique index); the context sets it on every save.
    /// </summary>
    public string? IdNumberHash { get; private set; }
    public Employment? Employment { get; private set; }
    public string? SocialInsuranceCity { get; private set; }
    public string? HukouCity { get; private set; }
    public int? YearsInOccupation { get; private set; }
    public Education? Education { get; private set; }

    /// <summary>When the highest certificate of this occupation the learner holds was obtained.</summary>
    public DateOnly? CertificateObtainedOn { get; private set; }

    /// <summary>
    /// Years worked in the occupation since <see cref="CertificateObtainedOn"/>: the standard's "取得证书后累计从事本职业工作
    /// N 年" counts these, not the whole career.
    /// </summary>
    public int? YearsSinceCertificate { get; private set; }

    /// <summary>Months of unemployment-insurance contributions (失业保险缴费月数), which the national skill-upgrading subsidy asks for.</summary>
    public int? UnemploymentInsuranceMonths { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>The photo the certificate carries (a stored PNG or JPEG file the learner uploaded), or none.</summary>
    public Guid? PhotoFileId { get; private set; }

    public void SetPhoto(Guid? fileId, DateTimeOffset now)
    {
        PhotoFileId = fileId;
        UpdatedAt = now;
    }

    /// <summary>
    /// Erases the personal fields at the person's request (PIPL art. 47); what was issued under them (certificates) keeps
    /// its own copy.
    /// </summary>
    public void Erase(DateTimeOffset now)
    {
        RealName = null;
        IdNumber = null;
        Phone = null;
        Employment = null;
        SocialInsuranceCity = null;
        HukouCity = null;
        YearsInOccupation = null;
        Education = null;
        CertificateObtainedOn = null;
        YearsSinceCertificate = null;
        UnemploymentInsuranceMonths = null;
        PhotoFileId = null;
        UpdatedAt = now;
    }

    public bool IsComplete =>
        RealName is not null && IdNumber is not null && Phone is not null && Employment is not null
        && YearsInOccupation is not null && Education is not null;

    public void Update(string? realName, IdType idType, string? idNumber, string? phone, Employment? employment,
        string? socialInsuranceCity, string? hukouCity, int? yearsInOccupation, Education? education, DateTimeOffset now,
        DateOnly? certificateObtainedOn = null, int? yearsSinceCertificate = null, int? unemploymentInsuranceMonths = null)
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
        CheckCertificateHistory(certificateObtainedOn, yearsSinceCertificate, yearsInOccupation, now);
        if (unemploymentInsuranceMonths is < 0 or > 600)
            throw new RuleViolation("profile.insurance-months", "Months of unemployment-insurance contributions are 0 to 600.", "unemploymentInsuranceMonths");

        RealName = realName;
        IdType = idType;
        IdNumber = idNumber;
        Phone = phone;
        Employment = employment;
        SocialInsuranceCity = Clean(socialInsuranceCity);
        HukouCity = Clean(hukouCity);
        YearsInOccupation = yearsInOccupation;
        Education = education;
        CertificateObtainedOn = certificateObtainedOn;
        YearsSinceCertificate = yearsSinceCertificate;
        UnemploymentInsuranceMonths = unemploymentInsuranceMonths;
        UpdatedAt = now;
    }

    private static void CheckCertificateHistory(DateOnly? obtainedOn, int? yearsSince, int? yearsInOccupation, DateTimeOffset now)
    {
        if (obtainedOn is null != yearsSince is null)
            throw new RuleViolation("profile.certificate-history",
                "Give both the date you obtained your certificate and the years you have worked in the occupation since.",
                obtainedOn is null ? "certificateObtainedOn" : "yearsSinceCertificate");
        if (obtainedOn is not { } date || yearsSince is not { } years) return;
        // China keeps one offset all year, so the learner's "today" is the UTC moment plus 8 hours.
        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        if (date > today)
            throw new RuleViolation("profile.certificate-date-future", "The date you obtained the certificate cannot be in the future.", "certificateObtainedOn");
        if (years < 0)
            throw new RuleViolation("profile.years-since-certificate", "Years since the certificate are 0 or more.", "yearsSinceCertificate");
        if (years > WholeYearsBetween(date, today))
            throw new RuleViolation("profile.years-since-certificate-elapsed",
                "You cannot have worked more years since the certificate than have passed since you obtained it.", "yearsSinceCertificate");
        if (yearsInOccupation is not { } total || years > total)
            throw new RuleViolation("profile.years-since-certificate-total",
                "Years since the certificate are part of your years in the occupation and cannot exceed them.", "yearsSinceCertificate");
    }

    private static int WholeYearsBetween(DateOnly from, DateOnly to)
    {
        var years = to.Year - from.Year;
        return from.AddYears(years) > to ? years - 1 : years;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    [GeneratedRegex(@"^[A-Z0-9]{5,20}$")]
    private static partial Regex OtherDocument();
}
