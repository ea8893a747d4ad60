namespace TrainerAcademy.Domain;

/// <summary>A level of the national occupational standard 4-04-05-05 (2021 edition); 5 is the entry level.</summary>
public class SkillLevel
{
    private SkillLevel() { }

    public SkillLevel(int level, string name, string englishName, int referenceHours)
    {
        if (level is < 1 or > 5)
            throw new RuleViolation("level.range", "A skill level is 1 to 5.");
        Level = level;
        Update(name, englishName, referenceHours);
    }

    public int Level { get; private set; }
    public string Name { get; private set; } = "";
    public string EnglishName { get; private set; } = "";
    public int ReferenceHours { get; private set; }

    public void Update(string name, string englishName, int referenceHours)
    {
        Name = name;
        EnglishName = englishName;
        ReferenceHours = referenceHours;
    }
}

/// <summary>An occupation of the national classification, e.g. 4-04-05-05 人工智能训练师.</summary>
public class Occupation
{
    private Occupation() { }

    public Occupation(string code, string name, string englishName, string standardEdition)
    {
        Code = code;
        Update(name, englishName, standardEdition);
    }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string EnglishName { get; private set; } = "";
    public string StandardEdition { get; private set; } = "";

    public void Update(string name, string englishName, string standardEdition)
    {
        Name = name;
        EnglishName = englishName;
        StandardEdition = standardEdition;
    }
}

/// <summary>A work function (职业功能) of the standard; questions and practical tasks are tagged with it.</summary>
public class WorkFunction
{
    private WorkFunction() { }

    public WorkFunction(string code, string occupationCode, string name, string englishName, int lowestLevel, int highestLevel)
    {
        Code = code;
        OccupationCode = occupationCode;
        Update(name, englishName, lowestLevel, highestLevel);
    }

    public string Code { get; private set; } = "";
    public string OccupationCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string EnglishName { get; private set; } = "";

    /// <summary>Levels count down: 5 is the lowest. A function for levels 5–4 has LowestLevel 5, HighestLevel 4.</summary>
    public int LowestLevel { get; private set; }
    public int HighestLevel { get; private set; }

    public bool AppliesTo(int level) => level <= LowestLevel && level >= HighestLevel;

    public void Update(string name, string englishName, int lowestLevel, int highestLevel)
    {
        Name = name;
        EnglishName = englishName;
        LowestLevel = lowestLevel;
        HighestLevel = highestLevel;
    }
}

/// <summary>Which version of a reference data set (db/seed/*.json) the database holds.</summary>
public class ReferenceDataSet
{
    private ReferenceDataSet() { }

    public ReferenceDataSet(string name, string version, string source, DateTimeOffset appliedAt)
    {
        Name = name;
        Apply(version, source, appliedAt);
    }

    public string Name { get; private set; } = "";
    public string Version { get; private set; } = "";
    public string Source { get; private set; } = "";
    public DateTimeOffset AppliedAt { get; private set; }

    public void Apply(string version, string source, DateTimeOffset appliedAt)
    {
        Version = version;
        Source = source;
        AppliedAt = appliedAt;
    }
}
