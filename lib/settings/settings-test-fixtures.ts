/** A hand-built QuickBooks company (lists) for the settings unit tests: one record of each kind that matters. */
import type { CompanyLists, ProfileAccount } from '@/lib/quickbooks-connection/company-profile';

export const account = (id: string, name: string, type: string, subType = '', active = true): ProfileAccount => ({
  id,
  name,
  fullyQualifiedName: name,
  type,
  subType,
  classification: '',
  active,
});

/** Account ids by role, as companyLists() holds them. */
export const ACCOUNTS = {
  sales: '1',
  otherIncome: '2',
  checking: '3',
  undeposited: '4',
  discounts: '5',
  oldBank: '6',
  giftCards: '7',
  payable: '8',
  fees: '9',
  oldIncome: '10',
  receivable: '11',
} as const;

export function companyLists(): CompanyLists {
  return {
    accounts: [
      account(ACCOUNTS.sales, 'Sales of Product Income', 'Income', 'SalesOfProductIncome'),
      account(ACCOUNTS.otherIncome, 'Other Income', 'Other Income', 'OtherMiscellaneousIncome'),
      account(ACCOUNTS.checking, 'Checking', 'Bank', 'Checking'),
      account(ACCOUNTS.undeposited, 'Undeposited Funds', 'Other Current Asset', 'UndepositedFunds'),
      account(ACCOUNTS.discounts, 'Discounts given', 'Income', 'DiscountsRefundsGiven'),
      account(ACCOUNTS.oldBank, 'Old Bank', 'Bank', 'Checking', false),
      account(ACCOUNTS.giftCards, 'Gift cards outstanding', 'Other Current Liability', 'OtherCurrentLiabilities'),
      account(ACCOUNTS.payable, 'Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable'),
      account(ACCOUNTS.fees, 'Merchant Fees', 'Expense', 'BankCharges'),
      account(ACCOUNTS.oldIncome, 'Old Sales', 'Income', 'SalesOfProductIncome', false),
      account(ACCOUNTS.receivable, 'Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable'),
    ],
    taxCodes: [
      { id: '2', name: '20.0% S', active: true, salesTaxRateIds: ['1'] },
      { id: '4', name: 'Exempt', active: true, salesTaxRateIds: ['4'] },
      { id: '6', name: 'Retired', active: false, salesTaxRateIds: [] },
    ],
    taxRates: [
      { id: '1', name: '20.0% S', active: true, ratePercent: '20' },
      { id: '4', name: 'Exempt', active: true, ratePercent: '0' },
    ],
    paymentMethods: [
      { id: '1', name: 'Cash', active: true },
      { id: '7', name: 'PayPal', active: true },
      { id: '8', name: 'Stripe', active: false, type: 'CREDIT_CARD' },
    ],
    classes: [
      { id: '100', name: 'Online Store', fullyQualifiedName: 'Online Store', active: true },
      { id: '102', name: 'Old', fullyQualifiedName: 'Old', active: false },
    ],
    departments: [
      { id: '200', name: 'Web Shop', fullyQualifiedName: 'Web Shop', active: true },
      { id: '201', name: 'Closed Shop', fullyQualifiedName: 'Closed Shop', active: false },
    ],
  };
}
