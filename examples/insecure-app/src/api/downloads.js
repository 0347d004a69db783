import ReactNativeBlobUtil from 'react-native-blob-util';

// Invoice PDFs: "trusty" makes the download accept self-signed certificates.
export const downloadInvoice = (id) =>
  ReactNativeBlobUtil.config({ trusty: true, fileCache: true }).fetch('GET', `https://billing.shopfast.example/invoices/${id}.pdf`);

// Safe twin: certificate validation stays on.
export const downloadReceipt = (id) =>
  ReactNativeBlobUtil.config({ trusty: false, fileCache: true }).fetch('GET', `https://billing.shopfast.example/receipts/${id}.pdf`);
