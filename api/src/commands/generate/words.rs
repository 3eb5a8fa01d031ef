//! The word lists the generator draws from, in English and Russian: the
//! countries, ministries and departments of the generated organizations, the
//! names and roles of the generated speakers, and the phrases statements are
//! made of (subjects, verbs, times, and phrases per registry topic).
//!
//! Changing a list changes every generated corpus: the same seed gives the
//! same corpus only with the same lists.

use entity::kinds::OrganizationKind;

/// (English, Russian nominative, Russian genitive, ISO code).
pub(super) const COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("Uzbekistan", "Узбекистан", "Узбекистана", "UZ"),
    ("Tajikistan", "Таджикистан", "Таджикистана", "TJ"),
    ("Turkmenistan", "Туркменистан", "Туркменистана", "TM"),
    ("Mongolia", "Монголия", "Монголии", "MN"),
    ("Georgia", "Грузия", "Грузии", "GE"),
    ("Azerbaijan", "Азербайджан", "Азербайджана", "AZ"),
    ("Moldova", "Молдова", "Молдовы", "MD"),
    ("Belarus", "Беларусь", "Беларуси", "BY"),
];

/// (English, Russian nominative, Russian genitive, kind).
pub(super) const MINISTRIES: &[(&str, &str, &str, OrganizationKind)] = &[
    (
        "Ministry of Justice",
        "Министерство юстиции",
        "Министерства юстиции",
        OrganizationKind::Government,
    ),
    (
        "Ministry of Internal Affairs",
        "Министерство внутренних дел",
        "Министерства внутренних дел",
        OrganizationKind::Security,
    ),
    (
        "Ministry of Foreign Affairs",
        "Министерство иностранных дел",
        "Министерства иностранных дел",
        OrganizationKind::Government,
    ),
    (
        "Ministry of Defence",
        "Министерство обороны",
        "Министерства обороны",
        OrganizationKind::Security,
    ),
    (
        "Ministry of Health",
        "Министерство здравоохранения",
        "Министерства здравоохранения",
        OrganizationKind::Government,
    ),
    (
        "Ministry of Education",
        "Министерство образования",
        "Министерства образования",
        OrganizationKind::Government,
    ),
    (
        "Ministry of Finance",
        "Министерство финансов",
        "Министерства финансов",
        OrganizationKind::Government,
    ),
    (
        "Ministry of Labour",
        "Министерство труда",
        "Министерства труда",
        OrganizationKind::Government,
    ),
    (
        "Prosecutor General's Office",
        "Генеральная прокуратура",
        "Генеральной прокуратуры",
        OrganizationKind::Judiciary,
    ),
    (
        "Supreme Court",
        "Верховный суд",
        "Верховного суда",
        OrganizationKind::Judiciary,
    ),
];

/// (English, Russian) departments of every ministry.
pub(super) const DEPARTMENTS: &[(&str, &str)] = &[
    ("Press Service", "Пресс-служба"),
    ("Human Rights Department", "Департамент по правам человека"),
];

/// (English, Russian) first names, male then female.
pub(super) const FIRST_NAMES: &[(&str, &str)] = &[
    ("Arman", "Арман"),
    ("Nurlan", "Нурлан"),
    ("Dauren", "Даурен"),
    ("Timur", "Тимур"),
    ("Ruslan", "Руслан"),
    ("Bakhyt", "Бахыт"),
    ("Yerlan", "Ерлан"),
    ("Marat", "Марат"),
    ("Askar", "Аскар"),
    ("Daniyar", "Данияр"),
    ("Azamat", "Азамат"),
    ("Sergei", "Сергей"),
    ("Alexei", "Алексей"),
    ("Dmitry", "Дмитрий"),
    ("Igor", "Игорь"),
    ("Oleg", "Олег"),
    ("Bakhtiyor", "Бахтиёр"),
    ("Farrukh", "Фаррух"),
    ("Rustam", "Рустам"),
    ("Jamshid", "Джамшид"),
    ("Aigul", "Айгуль"),
    ("Dinara", "Динара"),
    ("Gulnara", "Гульнара"),
    ("Saule", "Сауле"),
    ("Zarina", "Зарина"),
    ("Madina", "Мадина"),
    ("Aliya", "Алия"),
    ("Elena", "Елена"),
    ("Olga", "Ольга"),
    ("Natalia", "Наталья"),
    ("Irina", "Ирина"),
    ("Kamila", "Камила"),
    ("Nigora", "Нигора"),
    ("Malika", "Малика"),
    ("Asel", "Асель"),
    ("Dilnoza", "Дилноза"),
    ("Svetlana", "Светлана"),
    ("Tatiana", "Татьяна"),
    ("Anara", "Анара"),
    ("Leila", "Лейла"),
];
/// How many of [`FIRST_NAMES`] are male: the surnames of the rest are feminine.
pub(super) const MALE_FIRST_NAMES: usize = 20;

/// (English, Russian) surnames in their masculine form; feminine adds "a"/"а".
pub(super) const SURNAMES: &[(&str, &str)] = &[
    ("Bekov", "Беков"),
    ("Akhmetov", "Ахметов"),
    ("Nurlanov", "Нурланов"),
    ("Serikov", "Сериков"),
    ("Ismailov", "Исмаилов"),
    ("Karimov", "Каримов"),
    ("Rakhimov", "Рахимов"),
    ("Yusupov", "Юсупов"),
    ("Abdullaev", "Абдуллаев"),
    ("Kasymov", "Касымов"),
    ("Mamedov", "Мамедов"),
    ("Aliev", "Алиев"),
    ("Petrov", "Петров"),
    ("Sokolov", "Соколов"),
    ("Volkov", "Волков"),
    ("Orlov", "Орлов"),
    ("Zaitsev", "Зайцев"),
    ("Morozov", "Морозов"),
    ("Lebedev", "Лебедев"),
    ("Kozlov", "Козлов"),
    ("Tursunov", "Турсунов"),
    ("Saidov", "Саидов"),
    ("Nazarov", "Назаров"),
    ("Sultanov", "Султанов"),
    ("Zhakupov", "Жакупов"),
    ("Omarov", "Омаров"),
    ("Baimukhanov", "Баймуханов"),
    ("Temirov", "Темиров"),
    ("Ospanov", "Оспанов"),
    ("Dzhaksybekov", "Джаксыбеков"),
    ("Utemisov", "Утемисов"),
    ("Kuanyshev", "Куанышев"),
    ("Muratov", "Муратов"),
    ("Gafurov", "Гафуров"),
    ("Khodjaev", "Ходжаев"),
    ("Ergashev", "Эргашев"),
    ("Pavlov", "Павлов"),
    ("Smirnov", "Смирнов"),
    ("Fedorov", "Федоров"),
    ("Ivanov", "Иванов"),
    ("Borisov", "Борисов"),
    ("Makarov", "Макаров"),
    ("Nikitin", "Никитин"),
    ("Tarasov", "Тарасов"),
    ("Golubev", "Голубев"),
    ("Belyaev", "Беляев"),
    ("Davletov", "Давлетов"),
    ("Khamitov", "Хамитов"),
    ("Zhumabaev", "Жумабаев"),
    ("Sarsenov", "Сарсенов"),
];

/// The roles of generated affiliations.
pub(super) const ROLES: &[&str] = &[
    "spokesperson",
    "minister",
    "deputy minister",
    "head of department",
    "adviser",
    "press secretary",
];

/// Words per language: `[English, Russian]`.
pub(super) struct Words {
    /// Who acts, at the start of the clause.
    pub subjects: [&'static [&'static str]; 2],
    pub verbs: [&'static [&'static str]; 2],
    /// When or where, at the end of the sentence.
    pub times: [&'static [&'static str]; 2],
    /// The phrase with the bench's common word (`COMMON_WORD`).
    pub common: [&'static str; 2],
    /// After the speaker's name in a paraphrase.
    pub said: [&'static str; 2],
    /// Before the source's name in a reported claim.
    pub according: [&'static str; 2],
    /// Before the name of what a statement is about.
    pub concerning: [&'static str; 2],
    /// Before the bench's rare word (`RARE_WORD`).
    pub near: [&'static str; 2],
}

pub(super) const WORDS: Words = Words {
    subjects: [
        &[
            "the government",
            "the authorities",
            "the commission",
            "the ministry",
            "the prosecutors",
            "the investigators",
            "the parliament",
            "civil society",
            "the international community",
            "the lawyers",
            "the families of the victims",
            "human rights defenders",
        ],
        &[
            "правительство",
            "власти",
            "комиссия",
            "министерство",
            "прокуратура",
            "следователи",
            "парламент",
            "гражданское общество",
            "международное сообщество",
            "адвокаты",
            "семьи погибших",
            "правозащитники",
        ],
    ],
    verbs: [
        &[
            "will review",
            "has launched",
            "must ensure",
            "is preparing",
            "has completed",
            "continues to support",
            "will publish",
            "has rejected",
            "has welcomed",
            "is examining",
            "does not accept",
            "has promised",
        ],
        &[
            "рассмотрит",
            "начало",
            "должно обеспечить",
            "готовит",
            "завершило",
            "продолжает поддерживать",
            "опубликует",
            "отвергло",
            "приветствовало",
            "изучает",
            "не принимает",
            "пообещало",
        ],
    ],
    times: [
        &[
            "this week",
            "next month",
            "before the end of the year",
            "in January",
            "after the hearings",
            "within thirty days",
            "in the capital",
            "in the regions",
            "without delay",
            "as soon as possible",
        ],
        &[
            "на этой неделе",
            "в следующем месяце",
            "до конца года",
            "в январе",
            "после слушаний",
            "в течение тридцати дней",
            "в столице",
            "в регионах",
            "без промедления",
            "в ближайшее время",
        ],
    ],
    common: [
        "for the sake of public security",
        "ради общественной безопасности",
    ],
    said: ["said that", "заявил, что"],
    according: ["according to", "как сообщает"],
    concerning: ["concerning", "касательно"],
    near: ["near", "близ"],
};

/// Phrases about a registry topic, by its key: `[English, Russian]`.
pub(super) fn topic_phrases(key: &str) -> [&'static [&'static str]; 2] {
    match key {
        "investigation" => [
            &[
                "an independent investigation",
                "the inquiry into the events",
                "a thorough probe",
            ],
            &[
                "независимое расследование",
                "расследование январских событий",
                "следственные действия",
            ],
        ],
        "torture" => [
            &[
                "allegations of torture",
                "reports of ill-treatment in custody",
            ],
            &["сообщения о пытках", "жестокое обращение с задержанными"],
        ],
        "arbitrary_detention" => [
            &["the detention of protesters", "arbitrary arrests"],
            &["задержание протестующих", "произвольные аресты"],
        ],
        "use_of_force" => [
            &["the use of lethal force", "excessive force by the police"],
            &["применение оружия", "чрезмерное насилие полиции"],
        ],
        "casualties" => [
            &["the number of victims", "the deaths of civilians"],
            &["число жертв", "гибель мирных жителей"],
        ],
        "csto_deployment" => [
            &["the CSTO peacekeeping mission", "the deployment of troops"],
            &["миротворческая миссия ОДКБ", "ввод войск"],
        ],
        "human_rights_dialogue" => [
            &[
                "the human rights dialogue",
                "cooperation with international partners",
            ],
            &[
                "диалог по правам человека",
                "сотрудничество с международными партнерами",
            ],
        ],
        "accountability" => [
            &[
                "accountability for the abuses",
                "bringing those responsible to justice",
            ],
            &["ответственность за нарушения", "наказание виновных"],
        ],
        "legal_reform" => [
            &[
                "the reform of the criminal code",
                "constitutional amendments",
            ],
            &["реформа уголовного кодекса", "конституционные поправки"],
        ],
        "fair_trial" => [
            &["access to a lawyer", "fair trials for the accused"],
            &["доступ к адвокату", "справедливый суд для обвиняемых"],
        ],
        "foreign_nationals" => [
            &[
                "the rights of foreign citizens",
                "consular access for migrants",
            ],
            &[
                "права иностранных граждан",
                "консульский доступ для мигрантов",
            ],
        ],
        "terrorism_framing" => [
            &["the terrorism charges", "claims of a terrorist attack"],
            &[
                "обвинения в терроризме",
                "заявления о террористической атаке",
            ],
        ],
        "freedom_of_assembly" => [
            &["the right to peaceful protest", "freedom of assembly"],
            &["право на мирный протест", "свобода собраний"],
        ],
        "civil_society" => [
            &[
                "the role of civil society",
                "support for independent activists",
            ],
            &[
                "роль гражданского общества",
                "поддержка независимых активистов",
            ],
        ],
        "non_discrimination" => [
            &[
                "the protection of minorities",
                "discrimination against women",
            ],
            &["защита меньшинств", "дискриминация женщин"],
        ],
        "international_scrutiny" => [
            &["the work of international observers", "the UN resolution"],
            &["работа международных наблюдателей", "резолюция ООН"],
        ],
        "rule_of_law" => [
            &["the rule of law", "violations of international obligations"],
            &[
                "верховенство закона",
                "нарушение международных обязательств",
            ],
        ],
        "unrest" => [
            &["the January unrest", "the clashes in the streets"],
            &["январские беспорядки", "столкновения на улицах"],
        ],
        _ => [&["these matters"], &["эти вопросы"]],
    }
}
