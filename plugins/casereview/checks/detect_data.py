"""Word lists for :mod:`casereview.checks.detect`.

``COMMON_WORDS`` are capitalised words that are not names in a safeguarding
document: sentence-start function words, titles, roles, agencies, legislation,
process vocabulary, calendar words and UK place names. A run of capitalised words
made only of these is never reported. Words that are also common first names
(``May``, ``June``, ``Will``...) are kept out of it on purpose: they are in
``NAME_LIKE_WORDS`` so that "May Fairley" is still reported.

Everything is compared case-folded.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in block.split())


FUNCTION_WORDS = _words(
    """
    A About Above According Across Actually After Afterwards Again Against All Almost
    Also Although Always Among Amongst An And Another Any Anyone Anything Are As At
    Because Before Being Below Between Both But By Can Cannot Could Despite Did Do
    Does Due During Each Either Else Even Ever Every Everyone Everything Few For From
    Further Given Had Has Have Having He Her Here Hers Him His How However I If In
    Including Indeed Instead Into Is It Its Just Least Less Like Many Meanwhile Might
    More Most Much Must My Neither Never Nevertheless Next No Nobody None Nor Not
    Nothing Now Of Often On Once Only Or Other Others Otherwise Our Out Over Overall
    Per Perhaps Please Prior Rather Regarding Regardless Same Several Shall She
    Should Since So Some Sometimes Soon Still Such Than That The Their Them Then
    There Thereafter Therefore These They This Those Though Through Throughout Thus
    To Together Too Towards Under Unless Until Up Upon Us Was We Were What Whatever
    When Whenever Where Whereas Whether Which While Whilst Who Whom Whose Why With
    Within Without Would Yes Yet You Your Following Later Earlier Then Next Last
    One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve First Second
    Third Fourth Fifth Sixth Final Firstly Secondly Thirdly Lastly Whole Total
    Very Well Same Own Via Versus Etc Ie Eg See Also Note Notes Nb
    Around Along Alongside Behind Beyond Beneath Beside Besides Inside Outside Toward
    Onto Off Against Amid Beside Near Past
    """
)

# Words of a shared (role) mailbox's local part: "school-nurse@", "mash.duty@",
# "safeguarding-hub@". An address made only of these (and common words) names no one.
MAILBOX_WORDS = _words(
    """
    admin administrator enquiries enquiry info information contact contacts office
    duty team teams hub desk mailbox inbox noreply no reply donotreply reception
    referrals referral requests request service services support help helpdesk
    secure general central main business manager panel board partnership
    """
)

TITLES = _words(
    """
    Mr Mrs Ms Miss Mx Dr Prof Professor Rev Revd Reverend Cllr Councillor Judge Sgt
    Sergeant Nurse Sister Inspector Constable Detective Sir Dame Lord Lady Hhj Pc Dc
    Ds Di Dci Dcs Pcso Insp Supt Superintendent Matron Coroner Justice Hon Honourable
    """
)

CALENDAR_WORDS = _words(
    """
    January February March July September October November December Jan Feb Mar Apr
    Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Christmas Easter
    Bank Holiday Holidays New Year Eve Day Week Weeks Month Months Year Years Term
    Spring Winter Half Morning Afternoon Evening Night Weekend Today
    """
)

PLACE_WORDS = _words(
    """
    England English Wales Welsh Scotland Scottish Ireland Irish Northern Southern
    Eastern Western North South East West Central Great Greater Britain British
    United Kingdom Uk Europe European Union London Midlands Yorkshire Humber Anglia
    Isle Isles Channel Islands Republic International National Regional Local
    County City Town Village Borough District Metropolitan Region Area Areas Locality
    Ward Parish Upper Lower Inner Outer Mid Pan Shire
    Bedfordshire Berkshire Bristol Buckinghamshire Cambridgeshire Cheshire Cornwall
    Cumbria Cumberland Derbyshire Devon Dorset Durham Essex Gloucestershire Hampshire
    Herefordshire Hertfordshire Kent Lancashire Leicestershire Lincolnshire Merseyside
    Norfolk Northamptonshire Northumberland Nottinghamshire Oxfordshire Rutland
    Shropshire Somerset Staffordshire Suffolk Surrey Sussex Warwickshire Wiltshire
    Worcestershire Westmorland Humberside Cleveland Avon Tyne Wear Teesside Manchester
    Birmingham Liverpool Leeds Sheffield Newcastle Cardiff Swansea Edinburgh Glasgow
    Aberdeen Belfast Gwent Powys Dyfed Gwynedd Clwyd Glamorgan Pembrokeshire
    Carmarthenshire Ceredigion Anglesey Conwy Denbighshire Flintshire Monmouthshire
    Highland Highlands Fife Lothian Strathclyde Tayside Grampian Borders Aberdeenshire
    Ayrshire Lanarkshire Antrim Armagh Down Fermanagh Londonderry Derry Tyrone
    """
)

PEOPLE_WORDS = _words(
    """
    Child Children Childhood Baby Babies Infant Infants Toddler Mother Mothers Father
    Fathers Parent Parents Parental Parenting Stepfather Stepmother Step Grandmother
    Grandfather Grandparent Grandparents Maternal Paternal Sibling Siblings Brother
    Brothers Sister Sisters Half Aunt Uncle Cousin Partner Partners Carer Carers
    Caregiver Family Families Kinship Foster Fostering Adoptive Adopter Adopters
    Guardian Guardians Relative Relatives Neighbour Neighbours Friend Friends
    Subject Young Person Persons People Adult Adults Victim Victims Perpetrator
    Perpetrators Household Households Boyfriend Girlfriend Son Daughter Pupil Pupils
    Student Students Patient Patients Client Clients Service User Users Resident
    Residents Tenant Tenants Member Members Man Woman Men Women Boy Girl Boys Girls
    """
)

ROLE_WORDS = _words(
    """
    Social Worker Workers Work Manager Managers Management Team Teams Leader Leaders
    Leadership Head Teacher Teachers Headteacher Deputy Designated Safeguarding Lead
    Leads Officer Officers Practitioner Practitioners Health Visitor Visitors Visiting
    Midwife Midwives Midwifery Paediatrician Paediatric Paediatrics Consultant
    Consultants Registrar General Doctor Doctors Clinician Clinicians Psychologist
    Psychiatrist Psychiatric Psychology Therapist Therapists Counsellor Counselling
    Advocate Advocacy Independent Reviewing Chair Chairs Chairperson Chairman Vice
    Panel Panels Author Authors Writer Writers Reviewer Reviewers Administrator
    Administration Business Director Directors Assistant Associate Executive Chief
    Senior Principal Strategic Operational Operations Commissioner Commissioners
    Commissioning Inspectorate Inspectors Inspection Police Policing Constabulary
    Probation Solicitor Solicitors Barrister Counsel Magistrate Magistrates
    Magistrates' Coordinator Co-ordinator Specialist Specialists Clinical Named Key
    Keyworker Support Supporting Supported Coordinator Assistant Teaching Pastoral
    Attendance Welfare Staff Paramedic Paramedics Crew Dispatcher Handler Receptionist
    Dentist Optician Pharmacist Interpreter Interpreters Volunteer Volunteers
    Professional Professionals Duty Advisor Adviser Advisers Advisors Mentor Analyst
    Secretary Minister Ombudsman Governor Governors Trustee Trustees Employee
    Employees Colleague Colleagues Supervisor Supervisors Supervision Commander
    Investigator Investigators Approved Qualified Registered Student Trainee Locum
    """
)

ORGANISATION_WORDS = _words(
    """
    Council Councils Authority Authorities Department Departments Directorate Unit
    Units Hub Board Boards Partnership Partnerships Trust Trusts Foundation Nhs
    Commissioning Group Groups Integrated Care Board System Systems Hospital
    Hospitals Infirmary Clinic Clinics Centre Centres Center Surgery Surgeries
    Practice Practices Medical Medicine Community Communities Primary Secondary
    Academy Academies College Colleges University Universities Nursery Nurseries
    Pre-school Preschool School Schools Junior High Grammar Comprehensive Sixth Form
    Referral Force Service Services Fire Rescue Ambulance Prison Prisons Court Courts
    Crown Youth Tribunal Cafcass Ofsted Commission Quality Home Office Offices
    Ministry Government Parliament Association Society Charity Charities Refuge Aid
    Nspcc Barnardo's Barnardos Action Samaritans Housing Homes Accommodation Shelter
    Hostel Living Residential Benefits Jobcentre Plus Pensions Revenue Customs
    Registry Agency Agencies Organisation Organisations Organization Sector
    Voluntary Statutory Private Public Third Division Appeal Supreme High Family
    Department Emergency Accident Maternity Neonatal Intensive Outpatients
    Outpatient Walk-in Urgent Treatment Minor Injuries Hours Dental Pharmacy Ward
    Wards Programme Program Project Projects Initiative Scheme Network Forum
    Alliance Collaborative Consortium Company Ltd Limited Inc Plc Cic Institute
    Royal College Colleges Institution Facility Provider Providers Commissioned
    """
)

PROCESS_WORDS = _words(
    """
    Serious Case Cases Review Reviews Reviewed Adults Learning Significant Domestic
    Homicide Rapid National Individual Overview Report Reports Reporting Summary
    Summaries Synopsis Terms Reference References Chronology Chronologies Composite
    Plan Plans Planning Recommendation Recommendations Lessons Lesson Learned Learnt
    Analysis Involvement Introduction Methodology Method Methods Background
    Conclusion Conclusions Diversity Findings Finding Issues Issue Themes Theme Good
    Sign-off Signoff Glossary Appendix Appendices Annex Contents Foreword Preface
    Acknowledgements Scope Period Purpose Process Processes Timeline Timescale
    Timescales Outcome Outcomes Measure Measures Measurable Evidence Status Version
    Draft Date Dates Time Times Type Event Events Document Documents Documentation
    Source Sources Involved Information Decisions Decision Actions Comment Comments
    Seen Alone Wishes Feelings Sought Record Records Recording Interview Interviews
    Substantiated Unsubstantiated Question Questions Answer Answers Response
    Responses Minutes Meeting Meetings Conference Conferences Strategy Discussion
    Discussions Initial Protection Core Need Needs Looked Looked-after After Order
    Orders Interim Section Sections Part Parts Schedule Regulation Regulations
    Guidance Working Safeguard Act Acts Bill Legislation Law Laws Legal Framework
    Protocol Protocols Procedure Procedures Policy Policies Standard Standards
    Handbook Manual Template Templates Tool Tools Toolkit Form Forms Assessment
    Assessments Single Common Early Help Referrals Contact Contacts Enquiry Enquiries
    Investigation Investigations Visit Visits Appointment Appointments Admission
    Admissions Discharge Examination Birth Antenatal Postnatal Booking Development
    Developmental Check Checks Immunisation Immunisations Screening Missed Attend
    Brought Neglect Physical Sexual Emotional Abuse Harm Risk Risks Threat Concern
    Concerns Cause Incident Incidents Injury Injuries Death Deaths Notification
    Notifications Critical Untoward Threshold Thresholds Multi-agency Multi Agency
    Inter-agency Interagency Front Door Marac Dash Mappa Arrangements Operation
    Encompass Disclosure Right Ask Know Sudden Unexpected Infancy Safe Sleep
    Substance Misuse Alcohol Drug Drugs Mental Capacity Disability Disabilities
    Autism Special Educational Education Personal Speech Language Communication
    Therapy Adolescent Corporate Leaving Pathway Placement Placements Connected
    Guardianship Adoption Proceedings Outline Pre-proceedings Letter Advice Gateway
    Powers Non-molestation Occupation Injunction Bail Conditions Arrest Charge
    Custody Sentence Conviction Offence Offences Offending Offender Criminal Justice
    Crime Crimes Investigating Exploitation Signs Safety Restorative Trauma Informed
    Think Troubled Supporting Years Stage Free Meals Elective Missing Exclusion
    Excluded Fixed Permanent Managed Move Persistent Absence Absences Unauthorised
    Authorised Statement Independence Composition Agreed Agreement Audit Quality
    Assurance Improvement Improvements Monitoring Evaluation Implementation Progress
    Update Updates Training Briefing Brief Guide Model Models Principles Principle
    Practice Standards Expectations Rights Human Data Protection Equality Children's
    Adults' Crime Disorder Homelessness Mental Capacity Sharing Share Safeguarding
    Keeping Matters Graded Profile Healthy Programme Steps Sure Start Nurse
    Visit Voice Lived Experience Experiences Child's Hidden Men Disguised Compliance
    Drift Delay Professional Curiosity Challenge Escalation Supervision Reflective
    Reflection Resolution Dispute Record-keeping Case-load Caseload Allocation
    Allocated Transfer Closure Closed Open Opened Step-down Step-up Escalated
    Research Journal Edition Paragraph Paragraphs Page Pages Chapter Chapters Table
    Tables Figure Figures Volume Item Items Annual Interim Revised Final Full Short
    Published Publication Confidential Official Sensitive Restricted Not Applicable
    Yes Name Names Title Titles Job Role Roles Qualifications Qualification
    Designation Signature Signed Print Completed Secured Commissioned Contributors
    Contributor Participants Participation Consultation Feedback Acronym Acronyms
    Abbreviation Abbreviations List Key Genogram Questionnaire Ages Stages
    Observation Observations Notes Note Log Logs Call Calls Telephone Email E-mail
    Letter Letters Message Messages Text Texts Visit Referral Request Requests
    Application Applications Assessment Care Health Healthcare Wellbeing Well-being
    Daily Weekly Monthly Routine Routinely Universal Targeted Specialist Enhanced
    Tier Level Levels High Medium Low Standard Threshold Diagnosis Clinic Follow-up
    Appointment Wrong Right Best Evidence Achieving Adverse Experience Stalking
    Harassment Honour Violence Based Barring Inspection Inspections Ofsted's Notice
    Insurance Benefit Credit Universal Tax Allowance Payment Payments Nursing Nurses
    Notices
    """
)

BELIEF_AND_HERITAGE_WORDS = _words(
    """
    White Black Asian Caribbean African Mixed Heritage Pakistani Indian Bangladeshi
    Chinese Polish Romanian Lithuanian Eastern Gypsy Roma Traveller Travellers
    Christian Christianity Muslim Islam Islamic Jewish Judaism Hindu Hinduism Sikh
    Sikhism Buddhist Buddhism Catholic Roman Anglican Methodist Baptist Pentecostal
    Church Mosque Temple Synagogue Jehovah's Witness Witnesses Deaf Sign Additional
    Arabic Urdu Punjabi Bengali Somali Kurdish Turkish Portuguese Spanish French
    Italian German Russian Ukrainian Afghan Syrian Iraqi Iranian Eritrean Sudanese
    Nigerian Ghanaian Filipino Vietnamese Other Any Background Ethnicity Ethnic
    Culture Cultural Religion Religious Faith Belief Beliefs Heritage
    """
)

# Ordinary words that are also common first names: they never break a run of
# capitalised words, but on their own they never make one reportable.
NAME_LIKE_WORDS = _words(
    """
    April May June August Autumn Summer Will Grace Hope Faith Joy Dawn Christian Sky
    """
)

GENERAL_WORDS = _words(
    """
    Sub Majesty Majesty's Grade Grades Descriptor Descriptors Outstanding Satisfactory
    Inadequate Requires Related Relating Relationship Relationships Deadline Deadlines
    Growth Chart Charts Fatal Exec Cross Boundary Boundaries Antecedents Concurrent
    Executives Biennial Armed Forces Committee Committees Prosecution Prosecutor
    Prosecutors Defence Witness Statement Statements Victim's Impact Officer's Memo
    Memorandum Briefing Directions Hearing Hearings Trial Inquest Inquiry Verdict
    Post-mortem Postmortem Pathologist Pathology Mortem Post Scan Skeletal Survey
    Ophthalmology X-ray Ultrasound Blood Tests Test Results Result Weight Height
    Centile Centiles Feeding Nutrition Hygiene Dental Oral Vision Hearing Motor
    Skills Behaviour Behaviours Conduct Presentation Appearance Injury Bruise Bruises
    Burn Burns Fractures Head Abdominal Non-accidental Accidental Unexplained
    Explained Initial Second Opinion Medical Examination Forensic Sexual Assault
    Referral Centre Refuge Outreach Independent Advocate Idva Isva Victim Support
    Perpetrator Programme Behaviour Change Anger Parenting Course Courses Group
    Work Counselling Bereavement Loss Grief Funeral Memorial Condolence Family
    Liaison Complaint Complaints Compliment Feedback Survey Consultation
    Engagement Participation Voice Views View Opinion Opinions Perspective
    Perspectives Summary Overview Conclusion Context Contextual Overview Findings
    Strengths Weaknesses Gaps Gap Barriers Barrier Enablers Opportunity
    Opportunities Missed Lost Systemic System-wide Organisational Individual
    Collective Shared Joint Multi Single Dual Partner Agencies' Agency's Board's
    Panel's Author's Chair's Writer's Reviewer's Authors' Practitioners' Workers'
    Capacity Resource Resources Resourcing Staffing Workload Workloads Vacancy
    Vacancies Turnover Recruitment Retention Sickness Leave Absence Agency Interim
    Temporary Permanent Acting Newly Experienced Inexperienced Competent Competence
    Confidence Culture Climate Environment Office Offices Building Premises Site
    Sites Location Locations Address Addresses Postcode Number Numbers Reference
    Identifier Identity Identities Database Databases Computer National Police
    Niche Pnc Pnd Systemone Emis Rio Liquidlogic Mosaic Carefirst Frameworki
    Electronic Paper File Files Case-file Casefile Folder Folders Screen Screens
    Alert Alerts Flag Flags Marker Markers Warning Warnings Caution Cautions
    Penalty Notice Fine Order Orders Condition Requirement Requirements Licence
    License Tag Curfew Remand Released Release Investigation Under Released
    Debt Debts
    Rent Arrears Eviction Tenancy Landlord Landlords Council Tenancy Social
    Homeless Homelessness Temporary Bed Breakfast Hotel Move Moves Moved Transfer
    Transfers Transition Transitions Handover Handovers Discharge Planning
    Summary Review Conference Core Group Visits Statutory Visit Unannounced
    Announced Joint Visit Home Visit Office Visit Telephone Contact Text Message
    Voicemail Letter Email Referral Form Consent Confidentiality Disclosure
    Information Sharing Agreement Protocol Escalation Policy Professional
    Differences Resolving Resolution Challenge Curiosity Respectful Uncertainty
    Analysis Reflective Supervision Case Audit Practice Week Annual Conversation
    Appraisal Induction Training Development Learning Event Events Workshop
    Workshops Seminar Seminars Briefings Newsletter Newsletters Bulletin Website
    Intranet Online Digital Virtual Remote Face-to-face Meeting Covid Covid-19
    Coronavirus Pandemic Lockdown Lockdowns Restrictions Guidance Government
    """
)

COMMON_WORDS: frozenset[str] = (
    FUNCTION_WORDS
    | TITLES
    | CALENDAR_WORDS
    | PLACE_WORDS
    | PEOPLE_WORDS
    | ROLE_WORDS
    | ORGANISATION_WORDS
    | PROCESS_WORDS
    | BELIEF_AND_HERITAGE_WORDS
    | GENERAL_WORDS
) - NAME_LIKE_WORDS

# Last words of the name of a team or department inside an agency ("Sensory
# Impairment Team", "Public Protection Unit"): never a person, never a place.
TEAM_WORDS = _words(
    """
    Team Teams Service Services Unit Units Department Departments Directorate Hub
    Panel Committee Subgroup Sub-group Desk Helpline
    """
)

# Titles that are written before a person's name ("Mr Fairley", "DC Kaur").
PERSON_TITLES: tuple[str, ...] = tuple(
    """
    Mr Mrs Ms Miss Mx Dr Prof Professor Rev Revd Reverend Cllr Councillor Judge HHJ Sgt
    Sergeant PC DC DS DI DCI DSI DCS PCSO Insp Inspector Supt Nurse Sister Matron Sir
    Dame Lord Lady
    """.split()
)

# Last words of a street or place name: "Larkspur Close", "Marsh Lane".
PLACE_SUFFIXES = _words(
    """
    Road Street Lane Close Avenue Drive Way Crescent Grove Gardens Terrace Place
    Square Walk Rise Mews Row Hill Park Green Estate Court Vale Fields Parade View
    Gate Croft Meadow Meadows Wharf Quay Yard Passage Broadway Boulevard
    """
)
